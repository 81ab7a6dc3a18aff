import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceId } from '../setup/money';
import { globalId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 6: a provider's response record (the demo seed gives its providers a history)
// shows to a link worker on the service page, and to the provider on its organisation page; no
// other provider sees it. Every page axe-checked and fitted, desktop and 390 px.
const RECORD = /Usually answers in .+ · accepts \d+ in 10 requests \(last 12 months, \d+ requests/;

describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  let path: string;
  beforeAll(async () => {
    s = await open(screen);
    path = `/services/${encodeURIComponent(globalId('Service', await serviceId(s.server.db, 'Family therapy sessions')))}`;
  });
  afterAll(() => s.close());

  it('a link worker sees the provider’s response record on the service page', async () => {
    await signIn(s.page, 'linkworker@demo.test');
    await s.page.goto(path);
    await visit(s.page, `response-record-service-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => s.page.getByTestId('response-record').textContent()).toMatch(RECORD);
  });

  it('the provider sees its own record on its organisation page; another provider does not see it', async () => {
    await s.page.context().clearCookies();
    await signIn(s.page, 'provider@demo.test');
    await s.page.goto('/provider/organisation');
    await visit(s.page, `response-record-organisation-${screen.name}`, 'Riverside Family Therapy');
    await expect.poll(() => s.page.getByTestId('response-record').textContent()).toMatch(RECORD);
    await s.page.context().clearCookies();
    await signIn(s.page, 'provider2@demo.test');
    await s.page.goto(path);
    await visit(s.page, `response-record-other-provider-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => s.page.getByTestId('response-record').count()).toBe(0);
  });
});
