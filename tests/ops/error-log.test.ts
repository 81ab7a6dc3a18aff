import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { freshDatabase } from '../setup/database';

// An unexpected failure is masked in the answer and logged once, with its request's id (the
// request's record is found through its request and context: server/request-log.ts).

let handle: DbHandle;
let url: string;
let close: () => void;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  handle = await freshDatabase();
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  const server = await createApp({
    db: handle.db,
    production: true,
    logger: createLogger({ level: 'info', destination }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await handle.close();
});

const post = async (query: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  // The request's own line is written when its connection's response closes.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const id = res.headers.get('x-request-id')!;
  return { status: res.status, text, logged: lines.filter((l) => l.reqId === id) };
};

/** A table renamed away for the length of fn: the statements that read it fail as a bug would. */
async function without(table: string, fn: () => Promise<void>) {
  await handle.db.execute(sql.raw(`alter table "${table}" rename to "${table}_away"`));
  try {
    await fn();
  } finally {
    await handle.db.execute(sql.raw(`alter table "${table}_away" rename to "${table}"`));
  }
}

describe('unexpected errors', () => {
  it('a failing resolver: masked in the answer, logged once with the request id, counted by code', async () => {
    await without('services', async () => {
      const { status, text, logged } = await post('query Directory { services(first: 1) { edges { node { id } } } }');
      expect(status).toBe(200);
      expect(JSON.parse(text).errors).toEqual([
        expect.objectContaining({
          message: 'Something went wrong. Try again, or contact support if it keeps happening.',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        }),
      ]);
      expect(text).not.toMatch(/services_away|select|relation/i);
      const errors = logged.filter((l) => l.msg === 'unexpected error');
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(errors[0]!.err)).toMatch(/services/);
      expect(logged.find((l) => l.msg === 'request')).toMatchObject({
        operation: 'Directory',
        errors: ['INTERNAL_SERVER_ERROR'],
      });
    });
  });

  it('a failing session lookup: a 500 that says nothing, logged once with the request id', async () => {
    await without('sessions', async () => {
      const { status, text, logged } = await post('{ viewer { id } }', { authorization: 'Bearer not-a-known-token' });
      expect(status).toBe(500);
      expect(text).not.toMatch(/sessions|select|relation/i);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      const failures = logged.filter((l) => l.level === 50);
      expect(failures.map((l) => l.msg)).toEqual(['request failed', 'request failed']);
      expect(failures.filter((l) => l.err)).toHaveLength(1);
      expect(logged.find((l) => l.status === 500)).toMatchObject({ errors: ['INTERNAL_SERVER_ERROR'] });
    });
  });

  it('refusals are counted by their code, whether Apollo’s pipeline or its HTTP guard answered', async () => {
    const tooComplex = await post(`query Deep { services(first: 100) { edges { node { organisation {
      services(first: 100) { edges { node { id name description } } } } } } } }`);
    expect(tooComplex.logged.find((l) => l.msg === 'request')).toMatchObject({ errors: ['QUERY_TOO_COMPLEX'] });
    // A simple request's content type without Apollo's preflight header: refused by its CSRF guard.
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' });
    expect(res.status).toBe(400);
    await res.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = lines.find((l) => l.reqId === res.headers.get('x-request-id') && l.msg === 'request');
    expect(line).toMatchObject({ status: 400, errors: ['BAD_REQUEST'] });
  });
});
