// Expected failures are values the API returns in its result unions, never crashes.
// These classes carry no GraphQL; schema/errors.ts maps them to types.

import { longDate } from './long-date';

export class AppError extends Error {
  override name = 'AppError';
}

export type FieldError = { path: string[]; message: string };

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
  static field(path: string[], message: string): ValidationError {
    return new ValidationError(message, [{ path, message }]);
  }
  /** The same refusal with each path under `prefix`: a shared check reached through a mutation's `input`. */
  under(...prefix: string[]): ValidationError {
    const fieldErrors = this.fieldErrors.map((f) => ({ ...f, path: [...prefix, ...f.path] }));
    return new ValidationError(this.message, fieldErrors);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(what = 'Record') {
    super(`${what} not found`);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(message = 'You are not allowed to do that') {
    super(message);
  }
}

export class InvalidCredentialsError extends AppError {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('Email or password is incorrect');
  }
}

export class TooManyAttemptsError extends AppError {
  override name = 'TooManyAttemptsError';
  /** Whole seconds, at least 1. */
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, what = 'sign-in attempts') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      `Too many ${what}. Try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
    );
    this.retryAfterSeconds = seconds;
  }
}

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
/** Integer pence as "£1,350.00" for messages people read. */
export const formatPence = (pence: number) => gbp.format(pence / 100);

export class InsufficientBudgetError extends AppError {
  override name = 'InsufficientBudgetError';
  constructor(
    readonly availablePence: number,
    readonly requestedPence: number,
  ) {
    super(`Not enough budget: ${formatPence(availablePence)} available, ${formatPence(requestedPence)} requested`);
  }
}

export class InvalidTransitionError extends AppError {
  override name = 'InvalidTransitionError';
  constructor(
    readonly from: string,
    action: string,
  ) {
    // Most often two people acted at once (two commissioners deciding one request): say it may be that.
    super(`Cannot ${action} a commission that is ${from.toLowerCase()}: it may have been acted on since you opened it`);
  }
}

export class CapacityFullError extends AppError {
  override name = 'CapacityFullError';
  constructor(readonly capacity: number) {
    super(`This listing is full: all ${capacity} places are taken. Complete or release one first.`);
  }
}

/** Raising a commission needs the family's consent to share the child's details, in force. */
export class ConsentRequiredError extends AppError {
  override name = 'ConsentRequiredError';
  constructor() {
    super(
      'The family has not given consent to share this child’s details with providers (or has withdrawn it). Record their consent first.',
    );
  }
}

/** Only cancelling is possible while the family's consent is withdrawn. */
export class CommissionPausedError extends AppError {
  override name = 'CommissionPausedError';
  constructor() {
    super('This commission is paused because the family withdrew consent. It resumes when consent is recorded again.');
  }
}

export class ServiceDecommissionedError extends AppError {
  override name = 'ServiceDecommissionedError';
  constructor(readonly decommissionedFrom: string) {
    super(`This service was decommissioned from ${longDate(decommissionedFrom)}: it takes no new commissions`);
  }
}
