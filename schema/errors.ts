import { builder } from './builder';
import {
  type AppError,
  CapacityFullError,
  CommissionPausedError,
  ConsentRequiredError,
  ForbiddenError,
  InsufficientBudgetError,
  InvalidCredentialsError,
  InvalidTransitionError,
  NotFoundError,
  ServiceDecommissionedError,
  TooManyAttemptsError,
  ValidationError,
} from './domain/errors';
import { CommissionStatus } from './types/enums';

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorType = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorType], resolve: (e) => e.fieldErrors }) }),
});
for (const [cls, name] of [
  [NotFoundError, 'NotFoundError'],
  [ForbiddenError, 'ForbiddenError'],
  [InvalidCredentialsError, 'InvalidCredentialsError'],
  [ConsentRequiredError, 'ConsentRequiredError'],
  [CommissionPausedError, 'CommissionPausedError'],
] as const) {
  builder.objectType(cls, { name, interfaces: [ErrorInterface], fields: () => ({}) });
}
builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});
builder.objectType(InsufficientBudgetError, {
  name: 'InsufficientBudgetError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    availablePence: t.exposeInt('availablePence'),
    requestedPence: t.exposeInt('requestedPence'),
  }),
});
builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    from: t.field({ type: CommissionStatus, resolve: (e) => e.from as never }),
  }),
});

builder.objectType(CapacityFullError, {
  name: 'CapacityFullError',
  interfaces: [ErrorInterface],
  description: 'Every place on the listing is taken (accepting a commission takes one)',
  fields: (t) => ({ capacity: t.exposeInt('capacity') }),
});

builder.objectType(ServiceDecommissionedError, {
  name: 'ServiceDecommissionedError',
  interfaces: [ErrorInterface],
  description: 'The zone’s commissioners decommissioned the service: it takes no new commissions from that date',
  fields: (t) => ({ decommissionedFrom: t.expose('decommissionedFrom', { type: 'Date' }) }),
});

/** Every mutation can fail these ways; each adds the errors particular to it. */
const commonErrors = [ValidationError, NotFoundError, ForbiddenError];

/**
 * Names a mutation's result union `<Name>Result` and its success type `<Name>Success`
 * holding `dataField`, as the API contract publishes them.
 */
export function mutationResult(name: string, dataField: string, extra: (new (...args: never[]) => AppError)[] = []) {
  return {
    types: [...commonErrors, ...extra],
    union: { name: `${name}Result` },
    result: { name: `${name}Success` },
    dataField: { name: dataField },
  };
}

/** For mutations whose success type is itself the payload (`SignInSuccess { token user }`). */
export function directResult(name: string, extra: (new (...args: never[]) => AppError)[] = []) {
  return { types: [...commonErrors, ...extra], union: { name: `${name}Result` }, directResult: true as const };
}
