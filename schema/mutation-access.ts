import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { checkChildReach } from './child-reach';
import type { Context, Role } from './context';
import { AppError, ForbiddenError } from './domain/errors';
import { refuseHiddenCharacters } from './hidden-characters';
import MUTATION_ROLES from './mutation-roles.json';

// Authorisation before validation, for every mutation at once: who may call it (the data file
// mutation-roles.json) is checked before Pothos validates its input (zod) or anything reads it, so
// a caller who may not use a mutation learns nothing about its input's rules. Then, for a caller who
// may, text with hidden control characters is refused (hidden-characters.ts). For a mutation on one
// child, a child out of the caller's reach is refused rather than any other error (child-reach.ts),
// as if it had been checked first; the resolvers' own checks (zone, ownership) stay. A Pothos plugin placed after the errors plugin and before zod
// in schema/builder.ts: a ForbiddenError or ValidationError thrown here becomes the mutation's
// typed result.

type Access = 'PUBLIC' | 'SIGNED_IN' | Role[];
const ACCESS = MUTATION_ROLES as unknown as Record<string, Access>;

/** Who may call the mutation: PUBLIC, SIGNED_IN (any role), or the roles listed; unlisted ones need sign-in. */
export const mutationAccess = (name: string): Access => ACCESS[name] ?? 'SIGNED_IN';

/** Signed out: the GraphQL error UNAUTHENTICATED, as for queries. The wrong role: the typed ForbiddenError. */
function checkAccess(name: string, ctx: Context): void {
  const access = mutationAccess(name);
  if (access === 'PUBLIC') return;
  if (!ctx.viewer) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  if (access !== 'SIGNED_IN' && !access.includes(ctx.viewer.role)) throw new ForbiddenError('Your role cannot do this');
}

class MutationAccessPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Mutation') return resolver;
    const name = fieldConfig.name;
    return async (parent, args, ctx, info) => {
      checkAccess(name, ctx as unknown as Context);
      try {
        refuseHiddenCharacters(args);
        return await resolver(parent, args, ctx, info);
      } catch (error) {
        // A child out of the caller's reach is refused whatever else is wrong with the input
        // (child-reach.ts). Asked only when the mutation fails: one that succeeds has passed its
        // resolver's own check on the child, so the hot path (a raise) reads the child once.
        if (error instanceof AppError && !(error instanceof ForbiddenError)) {
          await checkChildReach(name, args, ctx as unknown as Context).catch((refusal: unknown) => {
            if (refusal instanceof AppError) throw refusal;
          });
        }
        throw error;
      }
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      mutationAccess: MutationAccessPlugin<Types>;
    }
  }
}

export const mutationAccessPlugin = 'mutationAccess' as const;
SchemaBuilder.registerPlugin(mutationAccessPlugin, MutationAccessPlugin);
