import { pgEnum } from 'drizzle-orm/pg-core';

// Enum values are part of the published API contract (API-CONTRACT.md); keep names exactly.
export const roleEnum = pgEnum('role', [
  'LINK_WORKER',
  'PROVIDER',
  'COMMISSIONER',
  'ADMIN',
  'DISTRICT_LEAD',
  'SCHOOL_LEAD',
]);
export const organisationKindEnum = pgEnum('organisation_kind', [
  'VCSE',
  'SOCIAL_ENTERPRISE',
  'LOCAL_AUTHORITY',
  'NHS',
  'SCHOOL',
  'OTHER',
]);
export const deliveryModeEnum = pgEnum('delivery_mode', ['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE']);
export const serviceStatusEnum = pgEnum('service_status', ['DRAFT', 'PUBLISHED', 'ARCHIVED']);
export const evidenceLevelEnum = pgEnum('evidence_level', ['NONE', 'EMERGING', 'PROMISING', 'ESTABLISHED', 'PROVEN']);
export const childStatusEnum = pgEnum('child_status', ['ACTIVE', 'COMPLETED', 'WITHDRAWN']);
export const fundingSourceEnum = pgEnum('funding_source', [
  'COUNCIL',
  'SCHOOLS_DSG',
  'CENTRAL_GOVERNMENT',
  'PHILANTHROPY',
  'OTHER',
]);
export const commissionStatusEnum = pgEnum('commission_status', [
  'REQUESTED',
  'APPROVED',
  'ACCEPTED',
  'COMPLETED',
  'REJECTED',
  'DECLINED',
  'CANCELLED',
  // Approved, but the provider neither accepted nor declined in time (schema/domain/deadlines.ts).
  'EXPIRED',
]);
export const ledgerKindEnum = pgEnum('ledger_kind', [
  'ALLOCATE',
  'RESERVE',
  'RELEASE',
  'SPEND',
  // Contracts and payment runs (schema/domain/contracts.ts, payment-runs.ts): a signed contract's
  // money taken from its pot, unused places' money returned, a line made payable, a line paid.
  'CONTRACT_COMMIT',
  'CONTRACT_RELEASE',
  'PAYABLE',
  'PAID',
  // FUND credits a pot with its total (a zone pot when made, a district pot its share of a zone fund),
  // and with each rise of its total (no child budget).
  'FUND',
  // Closing a budget period (schema/domain/period-close.ts): a child's unspent allocation leaves the
  // closed period's budget (CARRY_OUT) into the next period's (CARRY_IN), or goes back to its pot (RETURN).
  'CARRY_OUT',
  'CARRY_IN',
  'RETURN',
  // A pot's total lowered (adjustFundingPot): FUND credits a pot its total when it is made and each
  // rise; DEFUND takes a fall back out. A pot's total is always FUND less DEFUND (npm run reconcile).
  'DEFUND',
]);
// What closing a budget period does with children's unspent allocations (a zone setting).
export const unspentPolicyEnum = pgEnum('unspent_policy', ['CARRY_FORWARD', 'RETURN_TO_POT']);
export const contractStatusEnum = pgEnum('contract_status', ['DRAFT', 'SIGNED', 'ENDED']);
export const paymentRunStatusEnum = pgEnum('payment_run_status', ['CREATED', 'PAID']);
export const accessibilityEnum = pgEnum('accessibility_feature', [
  'WHEELCHAIR',
  'STEP_FREE',
  'ACCESSIBLE_TOILET',
  'HEARING_LOOP',
  'BSL',
  'BRAILLE',
  'QUIET_SPACE',
  'ACCESSIBLE_PARKING',
]);
