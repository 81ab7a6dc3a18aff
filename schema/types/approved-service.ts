import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { approveService, EVIDENCE_RATINGS, withdrawApproval } from '../domain/approved-services';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { inTransaction } from '../domain/transaction';
import { londonDate } from '../domain/working-days';
import { mutationResult } from '../errors';
import { Commission } from './commission';
import { listArgs, listPage } from './pagination';
import { Service } from './service';

// Approved programmes (issue 12, point 5): the zone's approved services, for its commissioners.

const EvidenceRating = builder.objectRef<(typeof EVIDENCE_RATINGS)[number]>('EvidenceRating').implement({
  description:
    'An evidence rating: the Foundations guidebook’s levels (formerly the Early Intervention Foundation’s), or the listing’s own evidence level',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'LEVEL_4_PLUS, LEVEL_4, LEVEL_3_PLUS, LEVEL_3, LEVEL_2_PLUS, LEVEL_2, NL2, NE, NOT_RATED or LISTING (schema/domain/evidence-ratings.json)',
    }),
    label: t.exposeString('label'),
    description: t.exposeString('description'),
  }),
});

builder.queryField('evidenceRatings', (t) =>
  t.field({
    type: [EvidenceRating],
    authScopes: { role: ['COMMISSIONER', 'ADMIN', 'LINK_WORKER', 'PROVIDER'] },
    resolve: () => EVIDENCE_RATINGS,
  }),
);

export const ApprovedService = builder.drizzleObject('approvedServices', {
  name: 'ApprovedService',
  description: 'A service on the zone’s approved list: its commissions follow the delegated limit',
  fields: (t) => ({
    service: t.relation('service'),
    evidenceRating: t.field({
      type: EvidenceRating,
      select: { columns: { evidenceRating: true } },
      resolve: (a) => EVIDENCE_RATINGS.find((r) => r.code === a.evidenceRating)!,
    }),
    approvedOn: t.expose('approvedOn', { type: 'Date' }),
    reviewOn: t.expose('reviewOn', { type: 'Date' }),
    reviewOverdue: t.boolean({
      description: 'The review date has passed (London date)',
      select: { columns: { reviewOn: true } },
      resolve: (a, _args, ctx) => a.reviewOn < londonDate(ctx.now()),
    }),
    note: t.exposeString('note'),
    approvedBy: t.string({
      nullable: true,
      select: { with: { approvedBy: { columns: { name: true } } } },
      resolve: (a) => a.approvedBy?.name ?? null,
    }),
  }),
});

builder.queryField('approvedServices', (t) =>
  t.drizzleField({
    type: [ApprovedService],
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The zone’s approved services, the soonest review first (commissioners; a page: limit, offset)',
    args: listArgs(t),
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.approvedServices.findMany(
        query({ where: { zoneId: ctx.viewer!.zoneId }, orderBy: { reviewOn: 'asc', id: 'asc' }, ...listPage(args) }),
      ),
  }),
);

builder.drizzleObjectFields(Commission, (t) => ({
  approvalReason: t.exposeString('approvalReason', {
    nullable: true,
    description:
      'Why it waited for a commissioner: over the delegated limit, or a service not on the zone’s approved list (null when approved at once)',
    authScopes: { role: ['LINK_WORKER', 'COMMISSIONER'] },
  }),
}));

const ApproveServiceInput = builder.inputType('ApproveServiceInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    evidenceRating: t.string({ required: true, description: 'A code from evidenceRatings' }),
    approvedOn: t.field({
      type: 'Date',
      required: true,
      description: 'Today or earlier (London), from 2000-01-01: the approval counts for commissions from this date',
    }),
    reviewOn: t.field({ type: 'Date', required: true, description: 'After approvedOn, and within 10 years of it' }),
    note: t.string({ validate: { maxLength: 2000 } }),
  }),
});

builder.mutationField('approveService', (t) =>
  t.field({
    type: ApprovedService,
    description: 'Puts a service on the zone’s approved list, or changes its rating and dates',
    args: { input: t.arg({ type: ApproveServiceInput, required: true }) },
    errors: mutationResult('ApproveService', 'approvedService'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners keep the approved services');
      const actor = ctx.viewer;
      const row = await inTransaction(ctx.db, (tx) =>
        approveService(
          tx,
          actor,
          {
            serviceId: idOf(input.serviceId, 'Service', ['input', 'serviceId']),
            evidenceRating: input.evidenceRating,
            approvedOn: String(input.approvedOn),
            reviewOn: String(input.reviewOn),
            note: input.note?.trim() ?? '',
          },
          ctx.now(),
        ),
      );
      return (await ctx.db.query.approvedServices.findFirst({ where: { id: row.id } }))!;
    },
  }),
);

const WithdrawServiceApprovalInput = builder.inputType('WithdrawServiceApprovalInput', {
  fields: (t) => ({ serviceId: t.id({ required: true }) }),
});

builder.mutationField('withdrawServiceApproval', (t) =>
  t.field({
    type: Service,
    description: 'Takes a service off the zone’s approved list: its commissions then always need approval',
    args: { input: t.arg({ type: WithdrawServiceApprovalInput, required: true }) },
    errors: mutationResult('WithdrawServiceApproval', 'service'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners keep the approved services');
      const actor = ctx.viewer;
      const { serviceId } = await inTransaction(ctx.db, (tx) =>
        withdrawApproval(tx, actor, idOf(input.serviceId, 'Service', ['input', 'serviceId'])),
      );
      return (await ctx.db.query.services.findFirst({ where: { id: serviceId } }))!;
    },
  }),
);
