import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databasePlace, databaseProblem } from '../../server/database-errors';

// The one line a command prints for a database it cannot reach: where, why, and never the password.
const url = 'postgres://portal:hunter2@db.example:6432/portal';
const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('database problems', () => {
  it('names the host, port and database, without the user or password', () => {
    expect(databasePlace(url)).toBe('db.example:6432/portal');
    expect(databasePlace('postgres:///portal?host=/run/postgresql')).toBe('/run/postgresql:5432/portal');
    expect(databasePlace('not a url')).toBe('DATABASE_URL');
  });

  it('reads the driver error inside Drizzle’s wrapper: refused, unknown host, missing database, bad login', () => {
    const wrapped = (cause: Error) => new DrizzleQueryError('select 1', [], cause);
    expect(databaseProblem(wrapped(driverError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6432')), url)).toBe(
      'Cannot reach the database at db.example:6432/portal: connection refused (is PostgreSQL running there?)',
    );
    expect(databaseProblem(driverError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example'), url)).toBe(
      'Cannot reach the database at db.example:6432/portal: no such host',
    );
    expect(databaseProblem(wrapped(driverError('3D000', 'database "portal" does not exist')), url)).toBe(
      'Cannot reach the database at db.example:6432/portal: database "portal" does not exist',
    );
    expect(databaseProblem(driverError('28P01', 'password authentication failed for user "portal"'), url)).toMatch(
      /: password authentication failed for user "portal"$/,
    );
  });

  it('leaves other errors alone: a bug keeps its stack trace', () => {
    expect(databaseProblem(driverError('42P01', 'relation "x" does not exist'), url)).toBeNull();
    expect(databaseProblem(new TypeError('undefined is not a function'), url)).toBeNull();
  });
});
