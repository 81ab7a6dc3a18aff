import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { GraphQLError } from 'graphql';
import { type Relations, relations } from '../drizzle/relations';
import { childRecordReadsPlugin } from './child-record-reads';
import type { Context, Role } from './context';
import { auditChildRead } from './domain/child-read';
import { ValidationError } from './domain/errors';
import { strictDecodeGlobalID } from './domain/ids';
import { mutationAccessPlugin } from './mutation-access';
import { nestedPagesPlugin } from './nested-pages';
import { isNodeVisible } from './node-access';
import { pageCursorsPlugin } from './page-cursors';
import { issueMessage } from './validation-messages';

export type PothosTypes = {
  Context: Context;
  DrizzleRelations: Relations;
  DefaultFieldNullability: false;
  AuthScopes: { signedIn: boolean; role: Role[] };
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    Date: { Input: string; Output: string };
    SafeInt: { Input: number; Output: number };
  };
};

export const builder = new SchemaBuilder<PothosTypes>({
  // Scope-auth first so authorisation runs before anything else; errors before zod so
  // validation failures become ValidationError members of the mutation's result union; who may
  // call each mutation, then text with hidden control characters (mutation-access.ts,
  // hidden-characters.ts) between them: refused before any input is validated or written.
  // A nested page's bad arguments fail the list field, not its parent (nested-pages.ts); reads of
  // a child's full record by any path are noted for the audit trail (child-record-reads.ts).
  // A page's cursor is sealed to its list, filters and order, and opened last (page-cursors.ts).
  plugins: [
    ScopeAuthPlugin,
    ErrorsPlugin,
    mutationAccessPlugin,
    ZodPlugin,
    RelayPlugin,
    DrizzlePlugin,
    nestedPagesPlugin,
    childRecordReadsPlugin,
    pageCursorsPlugin,
  ],
  defaultFieldNullability: false,
  drizzle: { client: (ctx) => ctx.db, getTableConfig, relations },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    decodeGlobalID: strictDecodeGlobalID,
    nodeQueryOptions: {
      // A node the viewer may not see is null, never an error that confirms it exists.
      resolve: async (_root, args, ctx, _info, resolveNode) => {
        const node = await Promise.resolve(resolveNode(args.id)).catch(() => null); // unknown id
        if (!node || !(await isNodeVisible(args.id.typename, node, ctx))) return null;
        if (args.id.typename === 'Child') await auditChildRead(ctx, Number(args.id.id));
        return node;
      },
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      signedIn: !!ctx.viewer,
      role: (roles: Role[]) => !!ctx.viewer && roles.includes(ctx.viewer.role),
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new GraphQLError('You are not allowed to see this', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError('Sign in to see this', { extensions: { code: 'UNAUTHENTICATED' } }),
  },
  zod: {
    validationError: (zodError) =>
      new ValidationError(
        zodError.issues[0] ? issueMessage(zodError.issues[0]) : 'Check your answers',
        zodError.issues.map((issue) => ({
          path: issue.path.map(String),
          message: issueMessage(issue),
        })),
      ),
  },
});

/** The builder's resolved types, for helpers that build fields outside a type definition. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
export type InputFieldBuilder = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;
