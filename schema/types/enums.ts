import {
  childStatusEnum,
  commissionStatusEnum,
  deliveryModeEnum,
  evidenceLevelEnum,
  fundingSourceEnum,
  organisationKindEnum,
  roleEnum,
  serviceStatusEnum,
} from '../../drizzle/schema';
import { builder } from '../builder';

// GraphQL enums mirror the database enums, so the two cannot drift apart.
export const Role = builder.enumType('Role', { values: roleEnum.enumValues });
export const OrganisationKind = builder.enumType('OrganisationKind', { values: organisationKindEnum.enumValues });
export const DeliveryMode = builder.enumType('DeliveryMode', { values: deliveryModeEnum.enumValues });
export const ServiceStatus = builder.enumType('ServiceStatus', { values: serviceStatusEnum.enumValues });
export const EvidenceLevel = builder.enumType('EvidenceLevel', { values: evidenceLevelEnum.enumValues });
export const ChildStatus = builder.enumType('ChildStatus', { values: childStatusEnum.enumValues });
export const FundingSource = builder.enumType('FundingSource', { values: fundingSourceEnum.enumValues });
export const CommissionStatus = builder.enumType('CommissionStatus', { values: commissionStatusEnum.enumValues });
