import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestServer } from '../setup/server';
import { open, type Session } from './browser';

// The new-commission form's end-to-end files share one set-up: a browser on a fresh portal, and a
// child and service of the link worker's to fill the form in with.

export type CommissionFormSetUp = {
  childId: string;
  availablePence: number;
  serviceId: string;
  unitPricePence: number;
  /** The new-commission form for that service, with that child chosen. */
  formPath: string;
};

/**
 * What a new commission's form needs, read as the link worker: a child of theirs (one with an
 * approved commission, so it has a budget) and the first commissionable service with a price.
 */
export async function commissionFormSetUp(server: TestServer): Promise<CommissionFormSetUp> {
  const token = await server.signIn('linkworker@demo.test');
  const kids = await server.gql(
    '{ commissions(first: 1, filter: { status: [APPROVED] }) { edges { node { child { id budget { availablePence } } } } } }',
    {},
    token,
  );
  const child = kids.data.commissions.edges[0].node.child;
  const services = await server.gql(
    '{ services(first: 20, filter: { commissionableOnly: true }) { edges { node { id unitPricePence } } } }',
    {},
    token,
  );
  const service = services.data.services.edges
    .map((e: { node: { id: string; unitPricePence: number | null } }) => e.node)
    .find((n: { unitPricePence: number | null }) => (n.unitPricePence ?? 0) > 0);
  return {
    childId: child.id,
    availablePence: child.budget.availablePence,
    serviceId: service.id,
    unitPricePence: service.unitPricePence,
    formPath: `/services/${encodeURIComponent(service.id)}/commission?child=${encodeURIComponent(child.id)}`,
  };
}

/** A file's browser session and form fixture, filled in before its tests and closed after them. */
export type CommissionFormSession = { session: Session; form: CommissionFormSetUp };

/**
 * Call at the top of a `describe`: opens the browser on a fresh portal and reads the form's fixture
 * before the tests run (the fields are set by then, not when this returns), and closes it after.
 */
export function commissionFormSession(): CommissionFormSession {
  const c = {} as CommissionFormSession;
  beforeAll(async () => {
    c.session = await open();
    c.form = await commissionFormSetUp(c.session.server);
  });
  afterAll(() => c.session?.close());
  return c;
}

/** Opens the form and waits until the child it was opened for is chosen. */
export async function openCommissionForm(page: Page, form: CommissionFormSetUp) {
  await page.goto(form.formPath);
  await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
}
