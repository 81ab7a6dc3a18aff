// What a mutation on one child answers when the child is another link worker's: said by the
// resolvers' own checks and by the reach check that runs before validation (schema/child-reach.ts).

export const NOT_ON_YOUR_CASELOAD = 'This child is not on your caseload';
export const CONSENT_IS_THE_LINK_WORKERS = 'Only the child’s link worker records or withdraws consent';
export const PROGRAMME_IS_THE_LINK_WORKERS = 'Only the child’s own link worker or an administrator can do this';
