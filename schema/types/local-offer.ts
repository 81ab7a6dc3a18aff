import { builder } from '../builder';
import type { OfferCategory, OfferService } from '../domain/local-offer';
import { buildLocalOffer, canReadOffer, type LocalOffer, offerDistrictsFor } from '../domain/local-offer';

// The local offer digest of a district (or a school): public directory data only. Readable by the
// zone's commissioners and administrators, the district's lead, a school lead of one of its schools
// and link workers with a caseload child there; others get null.

export const LocalOfferSchedule = builder.enumType('LocalOfferSchedule', {
  description: 'How often the local offer digest is emailed to district and school leads',
  values: ['OFF', 'WEEKLY', 'MONTHLY'] as const,
});

const LocalOfferChange = builder.enumType('LocalOfferChange', { values: ['NEW', 'CHANGED'] as const });

const LocalOfferService = builder.objectRef<OfferService>('LocalOfferService').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    organisation: t.exposeString('organisation'),
    description: t.exposeString('description'),
    path: t.exposeString('path', { description: 'The service’s page on the portal, where a referral starts' }),
    contact: t.exposeStringList('contact'),
    howToRefer: t.exposeString('howToRefer'),
    lastModified: t.field({ type: 'DateTime', resolve: (s) => new Date(s.lastModified) }),
    change: t.field({ type: LocalOfferChange, nullable: true, resolve: (s) => s.change }),
  }),
});

const LocalOfferCategory = builder.objectRef<OfferCategory>('LocalOfferCategory').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    services: t.field({ type: [LocalOfferService], resolve: (c) => c.services }),
  }),
});

const LocalOfferWithdrawn = builder
  .objectRef<{ name: string; lastModified: string }>('LocalOfferWithdrawn')
  .implement({ fields: (t) => ({ name: t.exposeString('name') }) });

const LocalOfferRef = builder.objectRef<LocalOffer>('LocalOffer').implement({
  fields: (t) => ({
    districtId: t.exposeInt('districtId'),
    districtName: t.exposeString('districtName'),
    schoolName: t.exposeString('schoolName', { nullable: true }),
    generatedAt: t.field({ type: 'DateTime', resolve: (o) => o.generatedAt }),
    since: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the previous digest was sent; changes are counted from then',
      resolve: (o) => o.since,
    }),
    categories: t.field({ type: [LocalOfferCategory], resolve: (o) => o.categories }),
    withdrawn: t.field({ type: [LocalOfferWithdrawn], resolve: (o) => o.withdrawn }),
    pdfPath: t.string({
      resolve: (o) => `/exports/local-offer/${o.districtId}.pdf${o.schoolId == null ? '' : `?school=${o.schoolId}`}`,
    }),
  }),
});

const LocalOfferDistrict = builder.objectRef<{ id: number; name: string }>('LocalOfferDistrict').implement({
  fields: (t) => ({ districtId: t.exposeInt('id'), name: t.exposeString('name') }),
});

builder.queryField('localOfferDistricts', (t) =>
  t.field({
    type: [LocalOfferDistrict],
    authScopes: { signedIn: true },
    description: 'The districts whose local offer the viewer may read, by name',
    resolve: (_root, _args, ctx) => offerDistrictsFor(ctx.db, ctx.viewer!),
  }),
);

builder.queryField('localOffer', (t) =>
  t.field({
    type: LocalOfferRef,
    nullable: true,
    authScopes: { signedIn: true },
    description:
      'A district’s local offer digest (a school lead’s is their school’s): services by category, and what is new, changed or withdrawn since the previous digest',
    args: { districtId: t.arg.int({ required: true }), schoolId: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      if (!(await canReadOffer(ctx.db, viewer, args.districtId))) return null;
      const schoolId = viewer.role === 'SCHOOL_LEAD' ? (viewer.schoolId ?? null) : (args.schoolId ?? null);
      return buildLocalOffer(ctx.db, { zoneId: viewer.zoneId, districtId: args.districtId, schoolId, now: ctx.now() });
    },
  }),
);
