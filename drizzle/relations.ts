import { defineRelations } from 'drizzle-orm';
import * as schema from './schema';

export const relations = defineRelations(schema, (r) => ({
  zones: {
    districts: r.many.districts({ from: r.zones.id, to: r.districts.zoneId }),
    schools: r.many.schools({ from: r.zones.id, to: r.schools.zoneId }),
  },
  districts: {
    zone: r.one.zones({ from: r.districts.zoneId, to: r.zones.id, optional: false }),
    schools: r.many.schools({ from: r.districts.id, to: r.schools.districtId }),
  },
  schools: {
    zone: r.one.zones({ from: r.schools.zoneId, to: r.zones.id, optional: false }),
    district: r.one.districts({ from: r.schools.districtId, to: r.districts.id, optional: false }),
    children: r.many.children({ from: r.schools.id, to: r.children.schoolId }),
  },
  organisations: {
    zone: r.one.zones({ from: r.organisations.zoneId, to: r.zones.id, optional: false }),
    services: r.many.services({ from: r.organisations.id, to: r.services.organisationId }),
    users: r.many.users({ from: r.organisations.id, to: r.users.organisationId }),
  },
  categories: {
    parent: r.one.categories({ from: r.categories.parentId, to: r.categories.id, alias: 'category_parent' }),
    children: r.many.categories({ from: r.categories.id, to: r.categories.parentId, alias: 'category_parent' }),
    services: r.many.services({
      from: r.categories.id.through(r.serviceCategories.categoryId),
      to: r.services.id.through(r.serviceCategories.serviceId),
    }),
  },
  services: {
    zone: r.one.zones({ from: r.services.zoneId, to: r.zones.id, optional: false }),
    reviews: r.many.serviceReviews({ from: r.services.id, to: r.serviceReviews.serviceId }),
    organisation: r.one.organisations({ from: r.services.organisationId, to: r.organisations.id, optional: false }),
    categories: r.many.categories({
      from: r.services.id.through(r.serviceCategories.serviceId),
      to: r.categories.id.through(r.serviceCategories.categoryId),
    }),
    districts: r.many.districts({
      from: r.services.id.through(r.serviceDistricts.serviceId),
      to: r.districts.id.through(r.serviceDistricts.districtId),
    }),
    locations: r.many.serviceLocations({ from: r.services.id, to: r.serviceLocations.serviceId }),
    schedules: r.many.serviceSchedules({ from: r.services.id, to: r.serviceSchedules.serviceId }),
    languages: r.many.serviceLanguages({ from: r.services.id, to: r.serviceLanguages.serviceId }),
    costOptions: r.many.serviceCostOptions({ from: r.services.id, to: r.serviceCostOptions.serviceId }),
    contacts: r.many.serviceContacts({ from: r.services.id, to: r.serviceContacts.serviceId }),
    serviceAreas: r.many.serviceAreas({ from: r.services.id, to: r.serviceAreas.serviceId }),
    attributes: r.many.taxonomyTerms({
      from: r.services.id.through(r.serviceAttributes.serviceId),
      to: r.taxonomyTerms.id.through(r.serviceAttributes.taxonomyTermId),
    }),
    source: r.one.importSources({ from: r.services.sourceId, to: r.importSources.id }),
  },
  taxonomyTerms: {
    taxonomy: r.one.taxonomies({ from: r.taxonomyTerms.taxonomyId, to: r.taxonomies.id, optional: false }),
    // A feed may name a parent it never sent: the parent is then null (we do not hold it).
    parent: r.one.taxonomyTerms({ from: r.taxonomyTerms.parentUuid, to: r.taxonomyTerms.uuid, alias: 'term_parent' }),
  },
  taxonomies: {
    terms: r.many.taxonomyTerms({ from: r.taxonomies.id, to: r.taxonomyTerms.taxonomyId }),
  },
  serviceLocations: {
    service: r.one.services({ from: r.serviceLocations.serviceId, to: r.services.id, optional: false }),
  },
  users: {
    zone: r.one.zones({ from: r.users.zoneId, to: r.zones.id, optional: false }),
    organisation: r.one.organisations({ from: r.users.organisationId, to: r.organisations.id }),
    caseload: r.many.children({ from: r.users.id, to: r.children.linkWorkerId }),
    notifications: r.many.notifications({ from: r.users.id, to: r.notifications.userId }),
  },
  sessions: {
    user: r.one.users({ from: r.sessions.userId, to: r.users.id, optional: false }),
  },
  children: {
    zone: r.one.zones({ from: r.children.zoneId, to: r.zones.id, optional: false }),
    school: r.one.schools({ from: r.children.schoolId, to: r.schools.id, optional: false }),
    linkWorker: r.one.users({ from: r.children.linkWorkerId, to: r.users.id, optional: false }),
    budgets: r.many.childBudgets({ from: r.children.id, to: r.childBudgets.childId }),
    commissions: r.many.commissions({ from: r.children.id, to: r.commissions.childId }),
    // Commissions a provider is actively working on: what lets it see the child at all.
    liveCommissions: r.many.commissions({
      from: r.children.id,
      to: r.commissions.childId,
      where: { status: { in: ['APPROVED', 'ACCEPTED'] }, pausedAt: { isNull: true } },
    }),
    outcomeMeasures: r.many.outcomeMeasures({ from: r.children.id, to: r.outcomeMeasures.childId }),
    consents: r.many.childConsents({ from: r.children.id, to: r.childConsents.childId }),
    outcomeReminders: r.many.outcomeReminders({ from: r.children.id, to: r.outcomeReminders.childId }),
  },
  childConsents: {
    child: r.one.children({ from: r.childConsents.childId, to: r.children.id, optional: false }),
    recordedBy: r.one.users({ from: r.childConsents.recordedById, to: r.users.id, optional: false }),
  },
  outcomeMeasures: {
    child: r.one.children({ from: r.outcomeMeasures.childId, to: r.children.id, optional: false }),
    recordedBy: r.one.users({ from: r.outcomeMeasures.recordedById, to: r.users.id, optional: false }),
  },
  fundingPots: {
    zone: r.one.zones({ from: r.fundingPots.zoneId, to: r.zones.id, optional: false }),
    allocations: r.many.allocations({ from: r.fundingPots.id, to: r.allocations.fundingPotId }),
    district: r.one.districts({ from: r.fundingPots.districtId, to: r.districts.id }),
    // The ledger's rises and falls of the pot's total (its history: FundingPot.totalChanges).
    totalChanges: r.many.ledgerEntries({
      from: r.fundingPots.id,
      to: r.ledgerEntries.fundingPotId,
      where: { kind: { in: ['FUND', 'DEFUND'] } },
    }),
  },
  childBudgets: {
    child: r.one.children({ from: r.childBudgets.childId, to: r.children.id, optional: false }),
    allocations: r.many.allocations({ from: r.childBudgets.id, to: r.allocations.budgetId }),
    ledgerEntries: r.many.ledgerEntries({ from: r.childBudgets.id, to: r.ledgerEntries.budgetId }),
  },
  allocations: {
    fundingPot: r.one.fundingPots({ from: r.allocations.fundingPotId, to: r.fundingPots.id, optional: false }),
    child: r.one.children({ from: r.allocations.childId, to: r.children.id, optional: false }),
    budget: r.one.childBudgets({ from: r.allocations.budgetId, to: r.childBudgets.id, optional: false }),
  },
  commissions: {
    zone: r.one.zones({ from: r.commissions.zoneId, to: r.zones.id, optional: false }),
    child: r.one.children({ from: r.commissions.childId, to: r.children.id, optional: false }),
    budget: r.one.childBudgets({ from: r.commissions.budgetId, to: r.childBudgets.id, optional: false }),
    service: r.one.services({ from: r.commissions.serviceId, to: r.services.id, optional: false }),
    organisation: r.one.organisations({
      from: r.commissions.organisationId,
      to: r.organisations.id,
      optional: false,
    }),
    linkWorker: r.one.users({ from: r.commissions.linkWorkerId, to: r.users.id, optional: false }),
    events: r.many.commissionEvents({ from: r.commissions.id, to: r.commissionEvents.commissionId }),
    contract: r.one.contracts({ from: r.commissions.contractId, to: r.contracts.id }),
  },
  contracts: {
    organisation: r.one.organisations({ from: r.contracts.organisationId, to: r.organisations.id, optional: false }),
    service: r.one.services({ from: r.contracts.serviceId, to: r.services.id, optional: false }),
    fundingPot: r.one.fundingPots({ from: r.contracts.fundingPotId, to: r.fundingPots.id, optional: false }),
  },
  paymentRuns: {
    lines: r.many.paymentLines({ from: r.paymentRuns.id, to: r.paymentLines.runId }),
  },
  paymentLines: {
    run: r.one.paymentRuns({ from: r.paymentLines.runId, to: r.paymentRuns.id, optional: false }),
    organisation: r.one.organisations({ from: r.paymentLines.organisationId, to: r.organisations.id, optional: false }),
    commission: r.one.commissions({ from: r.paymentLines.commissionId, to: r.commissions.id }),
    contract: r.one.contracts({ from: r.paymentLines.contractId, to: r.contracts.id }),
  },
  commissionEvents: {
    commission: r.one.commissions({
      from: r.commissionEvents.commissionId,
      to: r.commissions.id,
      optional: false,
    }),
    actor: r.one.users({ from: r.commissionEvents.actorId, to: r.users.id }),
  },
  ledgerEntries: {
    budget: r.one.childBudgets({ from: r.ledgerEntries.budgetId, to: r.childBudgets.id }),
    actor: r.one.users({ from: r.ledgerEntries.actorId, to: r.users.id }),
  },
  auditEvents: {
    actor: r.one.users({ from: r.auditEvents.actorId, to: r.users.id }),
    // entityId names a row of entityType's table; read through this only when entityType is Commission.
    commission: r.one.commissions({ from: r.auditEvents.entityId, to: r.commissions.id }),
  },
  serviceReviews: {
    service: r.one.services({ from: r.serviceReviews.serviceId, to: r.services.id, optional: false }),
    openedBy: r.one.users({ from: r.serviceReviews.openedById, to: r.users.id, optional: false }),
    respondedBy: r.one.users({ from: r.serviceReviews.respondedById, to: r.users.id }),
    decidedBy: r.one.users({ from: r.serviceReviews.decidedById, to: r.users.id }),
  },
  approvedServices: {
    service: r.one.services({ from: r.approvedServices.serviceId, to: r.services.id, optional: false }),
    approvedBy: r.one.users({ from: r.approvedServices.approvedById, to: r.users.id }),
  },
  notifications: {
    user: r.one.users({ from: r.notifications.userId, to: r.users.id, optional: false }),
    commission: r.one.commissions({ from: r.notifications.commissionId, to: r.commissions.id }),
    child: r.one.children({ from: r.notifications.childId, to: r.children.id }),
  },
}));

export type Relations = typeof relations;
