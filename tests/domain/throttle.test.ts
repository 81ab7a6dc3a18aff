import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { claimAttempt, delayAfter, settleAttempt, THROTTLE } from '../../schema/domain/throttle';
import { freshDatabase } from '../setup/database';

// The throttle's schedule, on the real database, with the clock injected (no sleeping).
let db: DbHandle;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.close());

const at = (base: number, seconds: number) => new Date(base + seconds * 1000);
const outcome = (p: Promise<void>) =>
  p.then(
    () => 'checked',
    (e: { name: string; retryAfterSeconds: number }) => `wait ${e.retryAfterSeconds}`,
  );

describe('per-account exponential delay', () => {
  it('lets the first failures through, then doubles the wait after each further one, up to the cap', async () => {
    const t0 = Date.UTC(2027, 0, 1);
    const email = 'victim@example.org';
    for (let i = 0; i < THROTTLE.freeFailures; i++)
      expect(await outcome(claimAttempt(db.db, email, '192.0.2.1', at(t0, i)))).toBe('checked');
    // The next failure is checked and starts the delay: 5 s, then 10 s, then 20 s...
    let t = THROTTLE.freeFailures;
    for (const wait of [5, 10, 20, 40]) {
      expect(await outcome(claimAttempt(db.db, email, '192.0.2.1', at(t0, t)))).toBe('checked');
      expect(await outcome(claimAttempt(db.db, email, '192.0.2.1', at(t0, t + wait - 1)))).toBe('wait 1');
      t += wait;
    }
    expect(delayAfter(100)).toBe(THROTTLE.maxDelayMs);
    // A refused attempt is not counted: waiting it out is enough, there is no hard lock.
    expect(await outcome(claimAttempt(db.db, email, '192.0.2.1', at(t0, t)))).toBe('checked');
    await settleAttempt(db.db, email, '192.0.2.1', at(t0, t + 1));
    for (let i = 0; i < THROTTLE.freeFailures; i++)
      expect(await outcome(claimAttempt(db.db, email, '192.0.2.1', at(t0, t + 2 + i)))).toBe('checked');
  });

  it('an address is refused for the rest of its window after too many failures, then starts again', async () => {
    const t0 = Date.UTC(2027, 1, 1);
    for (let i = 0; i < THROTTLE.addressFailures; i++)
      expect(await outcome(claimAttempt(db.db, `user${i}@example.org`, '192.0.2.99', at(t0, i)))).toBe('checked');
    const refused = await outcome(claimAttempt(db.db, 'someone@example.org', '192.0.2.99', at(t0, 100)));
    expect(refused).toBe(`wait ${THROTTLE.windowMs / 1000 - 100}`);
    expect(await outcome(claimAttempt(db.db, 'someone@example.org', '192.0.2.100', at(t0, 100)))).toBe('checked');
    expect(
      await outcome(
        claimAttempt(db.db, 'someone-else@example.org', '192.0.2.99', at(t0, THROTTLE.windowMs / 1000 + 1)),
      ),
    ).toBe('checked');
  });
});
