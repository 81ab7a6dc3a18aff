import type { Viewer } from '../../schema/context';
import { type RecordConsentInput, recordConsent } from '../../schema/domain/consent';
import type { Tx } from '../../schema/domain/transaction';
import CONSENTS from './data/demo-consents.json';

/** Records the family's consent for each child, in turn from data/demo-consents.json, as a link worker would. */
export async function seedConsents(tx: Tx, kids: { id: number; linkWorkerId: number }[], workers: Viewer[]) {
  for (const [i, kid] of kids.entries()) {
    const consent = CONSENTS.consents[i % CONSENTS.consents.length]! as Omit<RecordConsentInput, 'childId'>;
    const worker = workers.find((w) => w.id === kid.linkWorkerId)!;
    await recordConsent(tx, worker, { ...consent, childId: kid.id }, new Date());
  }
}
