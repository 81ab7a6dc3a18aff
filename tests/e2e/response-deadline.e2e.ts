import { eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissions, zones } from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { responseDeadline } from '../../schema/domain/working-days';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { globalId, localId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 6: a commission waiting for its provider shows "Provider to answer by" and its
// date; once the deadlines job (injected clock) lapses it, it shows the grey EXPIRED tag.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  let id = '';
  let reference = '';
  beforeAll(async () => {
    s = await open(screen);
    const [kid] = await freeChildren(s.server.db, 'linkworker@demo.test');
    const res = await s.server.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kid!.id),
          serviceId: globalId('Service', await serviceId(s.server.db, 'Family therapy sessions')),
          units: 2,
          rationale: 'Agreed at review',
          idempotencyKey: `deadline-e2e-${screen.name}`,
        },
      },
      await s.server.signIn('linkworker@demo.test'),
    );
    ({ id, reference } = res.data.raiseCommission.commission);
  });
  afterAll(() => s.close());

  it('shows the date the provider must answer by, then the grey EXPIRED tag once it lapses', async () => {
    const [c] = await s.server.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(id)));
    const [zone] = await s.server.db.select().from(zones).where(eq(zones.id, c!.zoneId));
    const { respondBy, lapseAfter } = responseDeadline(c!.approvedAt!, zone!);
    const shown = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(`${respondBy}T12:00:00Z`),
    );
    await signIn(s.page, 'linkworker@demo.test');
    await s.page.goto(`/commissions/${encodeURIComponent(id)}`);
    await visit(s.page, `deadline-waiting-${screen.name}`, new RegExp(reference));
    await expect.poll(() => s.page.locator('main').textContent()).toMatch(`Provider to answer by${shown}`);

    // Every other waiting commission is pushed later, so the job lapses only this one.
    await s.server.db
      .update(commissions)
      .set({ approvedAt: new Date(Date.now() + 400 * 86_400_000) })
      .where(ne(commissions.id, c!.id));
    const now = new Date(`${lapseAfter}T12:00:00Z`);
    now.setUTCDate(now.getUTCDate() + 1);
    const run = await runDeadlines(s.server.db, { minIntervalMinutes: 0, now });
    expect(run.expired).toBe(1);
    await s.page.reload();
    await visit(s.page, `deadline-expired-${screen.name}`, new RegExp(reference));
    await expect.poll(() => s.page.locator('.govuk-tag--grey', { hasText: /expired/i }).count()).toBeGreaterThan(0);
  });
});
