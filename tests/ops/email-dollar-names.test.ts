import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailOutbox, services } from '../../drizzle/schema';
import { deliverDueEmails } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { decoded, header, startSmtp, transportTo } from '../setup/mail';
import { serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 66 D: a name put into an email's wording as it was typed. String.replace reads $`, $' and
// $& in the text it puts in as "the text before", "after" and "the match", so a listing named
// "Play $` therapy" was mailed as "Listing changes to approve: Play Listing changes to approve: …".

let s: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const BASE = 'https://portal.council.example';
const NAME = "Play $` therapy $' $& $$ <i>z</i>";

beforeAll(async () => {
  smtp = await startSmtp();
  s = await startServer();
  await s.db.update(emailOutbox).set({ status: 'SENT' }); // the demo seed's own emails
}, 60_000);
afterAll(async () => {
  await s.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});

const deliver = () =>
  deliverDueEmails(s.db, {
    transport: transportTo(smtp.port),
    from: 'Portal <portal@council.example>',
    baseUrl: BASE,
    logger: silentLogger,
  });

const gqlOk = async (query: string, input: object, email: string) => {
  const res = await s.gql(query, { input }, await s.signIn(email));
  expect(res.errors).toBeUndefined();
  return res.data;
};

describe('names with $ patterns reach emails as typed', () => {
  it('a listing’s edit waiting for approval: the subject and body carry its name', async () => {
    const id = await serviceId(s.db, 'Family therapy sessions');
    await s.db.update(services).set({ name: NAME }).where(eq(services.id, id));
    const settings = await gqlOk(
      'mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }',
      { delegatedLimitPence: 25000, listingEditsNeedApproval: true },
      'admin@demo.test',
    );
    expect(settings.updateZoneSettings.__typename).toBe('UpdateZoneSettingsSuccess');
    const update = await gqlOk(
      'mutation($input: UpdateServiceInput!) { updateService(input: $input) { __typename } }',
      { serviceId: globalId('Service', id), description: 'A new description to approve.' },
      'provider@demo.test',
    );
    expect(update.updateService.__typename).toBe('UpdateServiceSuccess');

    await deliver();
    const mail = smtp.inbox.find((m) => header(m.raw, 'Subject')?.startsWith('Listing changes to approve'));
    expect(mail).toBeDefined();
    expect(header(mail!.raw, 'Subject')).toBe(`Listing changes to approve: ${NAME}`);
    expect(decoded(mail!.raw)).toContain(`Listing "${NAME}"`);
  });

  it('a local offer digest: the place’s name in its subject and lead', async () => {
    const place = "Hill $' $` Ward";
    await s.db.insert(emailOutbox).values({
      toAddress: 'lead@council.example',
      kind: 'LOCAL_OFFER',
      messageId: `<${randomUUID()}@test>`,
      data: {
        path: '/local-offer',
        offer: JSON.stringify({ place, since: null, total: 0, added: [], changed: [], withdrawn: [] }),
      },
    });
    await deliver();
    const [mail] = smtp.inbox.filter((m) => m.to === 'lead@council.example');
    expect(header(mail!.raw, 'Subject')).toBe(`The local offer for ${place}`);
    expect(decoded(mail!.raw)).toContain(`families in ${place}: how many`);
    const [row] = await s.db
      .select({ status: emailOutbox.status })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, 'lead@council.example'), eq(emailOutbox.kind, 'LOCAL_OFFER')));
    expect(row!.status).toBe('SENT');
  });
});
