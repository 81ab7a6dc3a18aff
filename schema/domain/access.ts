import type { Context, Role, Viewer } from '../context';

// Plain predicates about who may see or do what; GraphQL types and domain actions share them.

export const sameZone = (ctx: Context, zoneId: number): ctx is Context & { viewer: Viewer } =>
  !!ctx.viewer && ctx.viewer.zoneId === zoneId;

export const hasRole = (ctx: Context, ...roles: Role[]): ctx is Context & { viewer: Viewer } =>
  !!ctx.viewer && roles.includes(ctx.viewer.role);

/** The provider staff of this organisation. */
export const isProviderOf = (ctx: Context, organisationId: number) =>
  hasRole(ctx, 'PROVIDER') && ctx.viewer.organisationId === organisationId;

/**
 * A listing is public once published; its own organisation also sees drafts and archives, and the
 * zone's commissioners its archives (what the zone bought stays in their reports).
 */
export const canSeeService = (ctx: Context, s: { zoneId: number; organisationId: number; status: string }) =>
  isProviderOf(ctx, s.organisationId) ||
  ((s.status === 'PUBLISHED' || (s.status === 'ARCHIVED' && hasRole(ctx, 'COMMISSIONER'))) &&
    (!ctx.viewer || ctx.viewer.zoneId === s.zoneId));
