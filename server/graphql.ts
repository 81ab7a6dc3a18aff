import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Db } from '../drizzle/client';
import type { Context } from '../schema/context';
import { auditChildRecordReads } from '../schema/domain/child-read';
import { serverKey } from '../schema/domain/server-keys';
import { schema } from '../schema/index';
import { clientAddressResolver } from './client-address';
import { complexityLimit } from './complexity';
import { sendBody } from './compress';
import { createContext } from './context';
import { ANSWERED_FROM_PRIMARY } from './database-errors';
import { formatError } from './errors';
import { inputGuard } from './input-guard';
import { json } from './json-response';
import { noSubscriptions } from './no-subscriptions';
import { countStatements } from './query-counter';
import { type ReplicaHealth, readRoutingPlugin, trackReadRouting } from './read-routing';
import { logServerError, type RequestRecord, requestRecordOf, requestRecordPlugin } from './request-log';

const MAX_BODY_BYTES = 1_000_000;
// A page of 100 services with everything a search page shows costs about 2,600.
const MAX_QUERY_COST = 10_000;
const MAX_TOKENS = 3000;
// Errors in the request itself (its document or variables): 400 when answered as
// application/graphql-response+json; 200 with the errors when answered as application/json (a client
// that asked for it, for */*, or sent no Accept), as the GraphQL-over-HTTP specification advises.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
]);

/** The codes of an answer's errors (an answer Apollo made before its pipeline ran: no plugin saw them). */
function errorCodesOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] };
    return parsed.errors?.map((e) => e.extensions?.code ?? '') ?? [];
  } catch {
    return [];
  }
}

function statusFor(status: number, contentType: string | undefined, codes: string[]): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  return codes.length > 0 && codes.every((code) => REQUEST_ERROR_CODES.has(code)) ? 200 : status;
}

export type GraphQLHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS';
const REQUEST_RECORD = Symbol('request record');

/** Apollo behind our limits, answering /graphql over plain node:http. */
export async function createGraphQLHandler({
  db,
  readDb,
  replica,
  production,
  trustProxy,
  now,
}: {
  db: Db;
  /** The replica's pool (DATABASE_READ_URL): read-only operations run there (server/read-routing.ts). */
  readDb?: Db;
  /** Whether the replica answers now (reads stay on the primary while it does not). */
  replica?: ReplicaHealth;
  production: boolean;
  /** TRUST_PROXY: whose X-Forwarded-For to believe (server/client-address.ts). */
  trustProxy?: string;
  /** The clock rules read (tests fix it); the real one by default. */
  now?: () => Date;
}): Promise<{
  handle: GraphQLHandler;
  stop: () => Promise<void>;
}> {
  // Limits on depth, aliases and directives (armor), on tokens (Apollo's parser: a 400, where
  // armor's answers 500) and on cost (complexityLimit); strings the database cannot store are
  // refused (inputGuard); subscriptions refused (noSubscriptions); batching off.
  // A context carries its request's record under a symbol: Apollo hands plugins a shallow copy of
  // the context (so no WeakMap by identity), which keeps own symbol properties.
  const recordOf = (ctx: Context) => (ctx as Context & { [REQUEST_RECORD]?: RequestRecord })[REQUEST_RECORD];
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { enabled: false },
    maxAliases: { n: 15 },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  const apollo = new ApolloServer<Context>({
    schema,
    ...armor,
    plugins: [
      ...armor.plugins,
      // Its per-field wrapper calls then() on every resolver result a second time; Drizzle's lazy
      // builders run their query on each then(), so counts ran twice. We send no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      // Before inputGuard, so a subscription is refused as such whatever its arguments hold.
      noSubscriptions(),
      inputGuard(),
      complexityLimit(schema, MAX_QUERY_COST),
      requestRecordPlugin(recordOf),
      readRoutingPlugin(readDb, replica),
      // Full child records read through lists, audited before the response goes (child-read.ts).
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue }) {
              await auditChildRecordReads(contextValue).catch((e) =>
                recordOf(contextValue)?.logger.error({ err: e }, 'child read audit failed'),
              );
            },
          };
        },
      },
    ],
    parseOptions: { maxTokens: MAX_TOKENS },
    csrfPrevention: true,
    // Shutdown is ours (server/shutdown.ts): Apollo's own signal handler would stop GraphQL
    // under the requests still in flight and re-raise the signal.
    stopOnTerminationSignals: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    formatError,
  });
  await apollo.start();
  const clientAddress = clientAddressResolver(trustProxy);
  const cursorKey = await serverKey(db, 'page-cursors');

  const handle: GraphQLHandler = async (req, res, url) => {
    // GraphQL over HTTP is GET and POST; HEAD is a GET without the body (RFC 9110: Apollo sees a GET,
    // and node:http sends no body for a HEAD). OPTIONS says so (no CORS: the web app is same-origin); any
    // other method is a 405 here, before Apollo's CSRF guard would answer it with a misleading 400.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== 'GET' && method !== 'POST') {
      req.resume(); // any body is not read
      if (req.method === 'OPTIONS') return void res.writeHead(204, { Allow: ALLOWED_METHODS }).end();
      const error = {
        message: `GraphQL takes GET or POST, not ${req.method}`,
        extensions: { code: 'METHOD_NOT_ALLOWED' },
      };
      return json(res, 405, { errors: [error] }, { Allow: ALLOWED_METHODS });
    }
    const record = requestRecordOf(req);
    try {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const raw = method === 'POST' ? await readBody(req) : '';
      let body: unknown = raw;
      if (raw && headers.get('content-type')?.includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          const error = { message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } };
          return json(res, 400, { errors: [error] }, {});
        }
      }
      const afterResponse: (() => Promise<void>)[] = [];
      await countStatements(async (tally) => {
        const execute = async (primaryOnly: boolean) => {
          // Made here, not by Apollo: a failure (the database gone) is logged below with the request's id.
          const ctx = await createContext(db, req, res, {
            secureCookies: production,
            clientAddress,
            now,
            afterResponse,
            cursorKey,
          });
          if (record) Object.assign(ctx, { [REQUEST_RECORD]: record });
          const routing = trackReadRouting(ctx, primaryOnly);
          const result = await apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method, headers, search: url.search, body },
            context: async () => ctx,
          });
          return { routing, result };
        };
        const first = await execute(false);
        let result = first.result;
        if (first.routing.replicaFailed) {
          // The replica went away under a read-only operation, or cancelled it: it changed nothing,
          // so it runs again, whole, on the primary, and the reader never sees the failure. Its
          // queued tasks and error codes belonged to the failed run.
          record?.logger.warn(ANSWERED_FROM_PRIMARY[first.routing.replicaFailed]);
          afterResponse.length = 0;
          if (record) record.errorCodes.length = 0;
          result = (await execute(true)).result;
        }
        const status = result.status ?? 200;
        // A refusal's error codes, read once: for the status below and, when Apollo refused it before
        // its pipeline (a CSRF guard, a malformed request) and no plugin saw them, for the request's log.
        const codes = status >= 400 && result.body.kind === 'complete' ? errorCodesOf(result.body.string) : [];
        if (record && !record.graphql) record.errorCodes.push(...codes);
        for (const [key, value] of result.headers) res.setHeader(key, value);
        res.setHeader('Cache-Control', 'no-store');
        if (!production) res.setHeader('X-SQL-Statements', String(tally.statements));
        if (result.body.kind === 'complete') {
          res.statusCode = statusFor(status, result.headers.get('content-type'), codes);
          sendBody(req, res, result.body.string);
        } else {
          res.statusCode = status;
          for await (const chunk of result.body.asyncIterator) res.write(chunk);
          res.end();
        }
      }, !production);
      // Outside countStatements: not part of the request's statements (X-SQL-Statements), nor its time.
      for (const task of afterResponse) {
        await task().catch((error) => logServerError(error, 'after-response task failed', req));
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Close the connection: the rest of the oversized body is never read.
        record?.errorCodes.push('PAYLOAD_TOO_LARGE');
        res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end('{"errors":[{"message":"Request too large","extensions":{"code":"PAYLOAD_TOO_LARGE"}}]}', () =>
          req.destroy(),
        );
        return;
      }
      logServerError(error, 'request failed', req);
      record?.errorCodes.push('INTERNAL_SERVER_ERROR');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"message":"Something went wrong","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}');
    }
  };
  return { handle, stop: () => apollo.stop() };
}
