import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder';
import { districtSchoolBudgets, type SchoolBudget } from '../domain/district-schools';
import { idOf } from '../domain/ids';
import { listArgs, listPage } from './pagination';

// A district's schools in figures (issue 11 point 6): aggregated in SQL, never summed in the
// browser from a page of children. Money, so only those who see the district's money:
// commissioners (the zone) and a district lead (their own district), as districtUtilisation.

const SchoolBudgetType = builder.objectRef<SchoolBudget>('SchoolBudget').implement({
  description:
    'A school’s children in the programme now, and this period’s budgets of all its children added up (a child who completed or left this period: only what was reserved or spent on them, the rest goes back to its pots at period close)',
  fields: (t) => ({
    schoolId: t.id({ resolve: (r) => encodeGlobalID('School', r.schoolId) }),
    schoolName: t.exposeString('schoolName'),
    districtId: t.id({ resolve: (r) => encodeGlobalID('District', r.districtId) }),
    districtName: t.exposeString('districtName'),
    childrenInProgramme: t.int({ resolve: (r) => r.children }),
    allocatedPence: t.expose('allocatedPence', { type: 'SafeInt' }),
    reservedPence: t.expose('reservedPence', { type: 'SafeInt', description: 'Raised or approved, not yet delivered' }),
    spentPence: t.expose('spentPence', { type: 'SafeInt' }),
    availablePence: t.field({ type: 'SafeInt', resolve: (r) => r.allocatedPence - r.reservedPence - r.spentPence }),
  }),
});

builder.queryField('districtSchoolBudgets', (t) =>
  t.field({
    type: [SchoolBudgetType],
    authScopes: { role: ['COMMISSIONER', 'DISTRICT_LEAD'] },
    description:
      'Per school, this period, by name (a page: limit, offset): children in the programme, allocated, reserved, spent, available. A district lead: their own district’s schools; a commissioner: the zone’s, or one district’s',
    args: { districtId: t.arg.id({ description: 'Only this district’s schools' }), ...listArgs(t) },
    resolve: (_root, args, ctx) => {
      const v = ctx.viewer!;
      const asked = args.districtId ? idOf(args.districtId, 'District', ['districtId']) : null;
      // A district lead's own district, always; asking for another one finds nothing.
      const district = v.role === 'DISTRICT_LEAD' ? (v.districtId ?? -1) : asked;
      if (v.role === 'DISTRICT_LEAD' && asked !== null && asked !== district) return [];
      return districtSchoolBudgets(ctx.db, v.zoneId, v.period, district, listPage(args));
    },
  }),
);
