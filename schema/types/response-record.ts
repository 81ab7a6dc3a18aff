import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, isProviderOf } from '../domain/access';
import { type ResponseRecord, responseRecords, WINDOW_MONTHS } from '../domain/response-record';
import { turnBatcher } from '../turn-batch';
import { Organisation } from './organisation';

// An organisation's response record, batched per request: every organisation a page asks about
// (one per search result) is read by one SQL statement, however many results there are.
const load = turnBatcher((ctx: Context, ids: number[]) => responseRecords(ctx.db, ids, ctx.now()));

const ResponseRecordRef = builder.objectRef<ResponseRecord>('ResponseRecord').implement({
  description:
    `How a provider answers the requests addressed to it: those that reached it in the last ${WINDOW_MONTHS} months ` +
    'and were accepted, declined or lapsed (EXPIRED) since. Figures only from 5 requests up.',
  fields: (t) => ({
    requests: t.exposeInt('requests', {
      description: 'Requests answered (accepted or declined) or lapsed in the window',
    }),
    enough: t.exposeBoolean('enough', {
      description: 'Enough requests (5 or more) for the figures; when false they are null ("Not enough requests yet")',
    }),
    accepted: t.exposeInt('accepted', { nullable: true }),
    declined: t.exposeInt('declined', { nullable: true }),
    expired: t.exposeInt('expired', {
      nullable: true,
      description: 'Lapsed without an answer: counted as not accepted, and as answered when they lapsed',
    }),
    acceptedShare: t.exposeFloat('acceptedShare', {
      nullable: true,
      description: 'accepted / requests, from 0 to 1 (a lapsed request counts as not accepted)',
    }),
    medianWorkingDays: t.exposeFloat('medianWorkingDays', {
      nullable: true,
      description:
        'Median working days (England and Wales) from the day a request reached the provider to its answer; ' +
        'a lapsed request counts the days until it lapsed',
    }),
    windowMonths: t.int({ description: 'The window, in months', resolve: () => WINDOW_MONTHS }),
    since: t.expose('since', { type: 'Date', description: 'The first day of the window' }),
  }),
});

builder.drizzleObjectFields(Organisation, (t) => ({
  responseRecord: t.field({
    type: ResponseRecordRef,
    nullable: true,
    description:
      'How quickly it answers requests and how many it accepts: for the zone’s link workers, commissioners and ' +
      'admins, and the organisation’s own staff; null for anyone else',
    select: { columns: { id: true, zoneId: true } },
    resolve: (org, _args, ctx) => {
      const allowed =
        (hasRole(ctx, 'LINK_WORKER', 'COMMISSIONER', 'ADMIN') && ctx.viewer.zoneId === org.zoneId) ||
        isProviderOf(ctx, org.id);
      return allowed ? load(ctx, org.id, null).then((record) => record!) : null;
    },
  }),
}));
