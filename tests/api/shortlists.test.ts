import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, emailOutbox, shortlists } from '../../drizzle/schema';
import { renderEmail } from '../../schema/domain/email';
import { SHORTLIST_EMAIL_LIMITS } from '../../schema/domain/shortlists';
import { freeChildren, serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 8: a link worker's shortlists, for a child (private to the child's caseload) or
// named for a family (printed or emailed with the services' public details, no child data).

let s: TestServer;
let lw: string;
let child: typeof children.$inferSelect;
const SERVICES = ['Family therapy sessions'];
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
  [child] = (await freeChildren(s.db, 'linkworker@demo.test')) as [typeof children.$inferSelect];
});
afterAll(() => s.close());

const RESULT = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) {
  __typename
  ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { shortlist { id name forChild services { name organisation contact openingTimes howToRefer } } }
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
} }`;
const SAVE = RESULT('saveToShortlist', 'SaveToShortlistInput');
const EMAIL = RESULT('emailShortlist', 'EmailShortlistInput');
const READ = `query($id: ID!) { shortlist(id: $id) { id name services { name } } }`;

describe('shortlists', () => {
  let childList: string;
  let familyList: string;
  it('saves services to a child’s list (named by reference) and to a named list for a family', async () => {
    const svc = globalId('Service', await serviceId(s.db, SERVICES[0]!));
    const forChild = await s.gql(SAVE, { input: { serviceId: svc, childId: globalId('Child', child.id) } }, lw);
    expect(forChild.data.saveToShortlist.shortlist).toMatchObject({
      name: `For ${child.reference}`,
      forChild: true,
      services: [{ name: 'Family therapy sessions', organisation: 'Riverside Family Therapy' }],
    });
    childList = forChild.data.saveToShortlist.shortlist.id;
    // Saving again to the child adds to the same list.
    const again = await s.gql(SAVE, { input: { serviceId: svc, childId: globalId('Child', child.id) } }, lw);
    expect(again.data.saveToShortlist.shortlist.id).toBe(childList);

    const named = await s.gql(SAVE, { input: { serviceId: svc, name: 'Ideas for the family' } }, lw);
    familyList = named.data.saveToShortlist.shortlist.id;
    const second = await s.gql(
      SAVE,
      {
        input: {
          serviceId: globalId('Service', await serviceId(s.db, 'Parenting teenagers course')),
          shortlistId: familyList,
        },
      },
      lw,
    );
    expect(second.data.saveToShortlist.shortlist.services.map((x: { name: string }) => x.name)).toEqual([
      'Family therapy sessions',
      'Parenting teenagers course',
    ]);
    const mine = await s.gql('{ shortlists { id } }', {}, lw);
    expect(mine.data.shortlists.map((l: { id: string }) => l.id).sort()).toEqual([childList, familyList].sort());
  });

  it('keeps a child’s list to the child’s link worker, and a named list to its owner', async () => {
    const other = await s.signIn('linkworker2@demo.test');
    for (const id of [childList, familyList]) {
      expect((await s.gql(READ, { id }, other)).data.shortlist).toBeNull();
      expect((await s.gql(READ, { id }, lw)).data.shortlist.id).toBe(id);
    }
    const svc = globalId('Service', await serviceId(s.db, SERVICES[0]!));
    const intoTheirs = await s.gql(SAVE, { input: { serviceId: svc, shortlistId: childList } }, other);
    expect(intoTheirs.data.saveToShortlist.__typename).toBe('NotFoundError');
    const notTheirChild = await s.gql(SAVE, { input: { serviceId: svc, childId: globalId('Child', child.id) } }, other);
    expect(notTheirChild.data.saveToShortlist.__typename).toBe('NotFoundError');
    const emailTheirs = await s.gql(EMAIL, { input: { shortlistId: familyList, email: 'family@example.org' } }, other);
    expect(emailTheirs.data.emailShortlist.__typename).toBe('NotFoundError');
    for (const email of ['provider@demo.test', 'commissioner@demo.test']) {
      const token = await s.signIn(email);
      expect((await s.gql(READ, { id: childList }, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await s.gql(SAVE, { input: { serviceId: svc, name: 'x' } }, token)).data.saveToShortlist.__typename).toBe(
        'ForbiddenError',
      );
    }
  });

  it('emails a named list to the address typed: public details, and nothing about any child', async () => {
    const bad = await s.gql(EMAIL, { input: { shortlistId: familyList, email: 'not an address' } }, lw);
    expect(bad.data.emailShortlist.__typename).toBe('ValidationError');
    const refused = await s.gql(EMAIL, { input: { shortlistId: childList, email: 'family@example.org' } }, lw);
    expect(refused.data.emailShortlist.__typename).toBe('ForbiddenError');
    expect(await s.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'SHORTLIST'))).toEqual([]);

    const sent = await s.gql(EMAIL, { input: { shortlistId: familyList, email: 'family@example.org' } }, lw);
    expect(sent.data.emailShortlist.__typename).toBe('EmailShortlistSuccess');
    const [row, ...more] = await s.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'SHORTLIST'));
    expect(more).toEqual([]);
    expect(row!.toAddress).toBe('family@example.org');
    const mail = renderEmail(row!.kind, row!.data as never, 'http://portal.test');
    expect(mail.subject).toBe('Services you may find useful');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Family therapy sessions');
      expect(part).toContain('Riverside Family Therapy');
      expect(part).toContain('Parenting teenagers course');
      expect(part).toMatch(/How to refer: /);
      expect(part).toContain('http://portal.test/services/');
    }
    // No child: not the caseload's names, references or dates of birth (a first name alone may
    // be a service contact's, so names are checked whole).
    const caseload = await s.db.select().from(children);
    for (const c of caseload) {
      for (const secret of [`${c.firstName} ${c.lastName}`, c.reference, c.dateOfBirth].filter(Boolean) as string[]) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html).not.toContain(secret);
      }
    }
    const [audited] = await s.db.select().from(auditEvents).where(eq(auditEvents.action, 'EMAIL_SHORTLIST'));
    expect(JSON.stringify(audited!.detail)).not.toContain('family@example.org');
    expect(await s.db.select().from(shortlists)).toHaveLength(2);
  });

  // Audit F8: the printed page was headed with whatever the link worker typed, a child's name too.
  it('shares a named list without a caseload child’s name or reference; its owner still sees what they typed', async () => {
    const typed = `For ${child.firstName} ${child.lastName} (${child.reference}) 21/09/2015`;
    const svc = globalId('Service', await serviceId(s.db, SERVICES[0]!));
    const saved = await s.gql(SAVE, { input: { serviceId: svc, name: typed } }, lw);
    const id = saved.data.saveToShortlist.shortlist.id;
    const read = await s.gql(`query($id: ID!) { shortlist(id: $id) { name sharedName } }`, { id }, lw);
    expect(read.data.shortlist).toEqual({ name: typed, sharedName: 'For [name] [name] [reference] [date]' });
    const child_ = await s.gql(`query($id: ID!) { shortlist(id: $id) { sharedName } }`, { id: childList }, lw);
    expect(child_.data.shortlist.sharedName).toBeNull();
  });

  it('sends three shortlists an hour to one address and thirty from one account, then says when to try again', async () => {
    const outbox = () => s.db.$count(emailOutbox, eq(emailOutbox.kind, 'SHORTLIST'));
    const send = async (email: string) => (await s.gql(EMAIL, { input: { shortlistId: familyList, email } }, lw)).data;
    // The earlier test sent one to family@example.org: the address takes two more this hour, however typed.
    expect((await send('family@example.org')).emailShortlist.__typename).toBe('EmailShortlistSuccess');
    expect((await send('Family@Example.org')).emailShortlist.__typename).toBe('EmailShortlistSuccess');
    const before = await outbox();
    const toAddress = (await send('family@example.org')).emailShortlist;
    expect(toAddress).toMatchObject({ __typename: 'TooManyAttemptsError' });
    expect(toAddress.message).toMatch(/^Too many shortlist emails to this address\. Try again in \d+ minutes\.$/);
    expect(await outbox()).toBe(before);
    // Other addresses go until the account's hour is used up. Three are counted so far: the refusal
    // above rolled back with its email, so it counted nothing.
    let sent = 3;
    let refused: { __typename: string; message: string } | undefined;
    for (let i = 0; i < SHORTLIST_EMAIL_LIMITS.perSender && !refused; i++) {
      const result = (await send(`family${i}@example.org`)).emailShortlist;
      if (result.__typename === 'EmailShortlistSuccess') sent++;
      else refused = result;
    }
    expect(sent).toBe(SHORTLIST_EMAIL_LIMITS.perSender);
    expect(refused).toMatchObject({ __typename: 'TooManyAttemptsError' });
    expect(refused!.message).toMatch(/^Too many shortlist emails from your account\./);
    expect(await outbox()).toBe(before + SHORTLIST_EMAIL_LIMITS.perSender - 3);
  });
});
