import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { isCalendarDate } from '../domain/calendar-date';

// Dates PostgreSQL and every client can hold: years 1000-9999, and only days the calendar has.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

builder.scalarType('DateTime', {
  description: 'An ISO 8601 instant with its offset, e.g. 2026-11-23T17:19:21.000Z',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
    const [, y, mo, d, h, mi, s = '0'] = match ?? [];
    if (
      !match ||
      !isCalendarDate(Number(y), Number(mo), Number(d)) ||
      Number(h) > 23 ||
      Number(mi) > 59 ||
      Number(s) > 59 ||
      Number.isNaN(Date.parse(value as string))
    ) {
      throw badInput('DateTime must be an ISO 8601 instant such as 2026-11-23T17:19:21Z');
    }
    return value as string;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (value) => String(value).slice(0, 10),
  parseValue: (value) => {
    const match = typeof value === 'string' ? DATE.exec(value) : null;
    if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      throw badInput('Date must be a real calendar date, YYYY-MM-DD');
    }
    return value as string;
  },
});

// Money the API gives out: sums of pence pass GraphQL's Int (2^31 - 1 pence is £21,474,836.47)
// long before a JSON number loses a penny, so outputs are SafeInt; inputs stay Int.
builder.scalarType('SafeInt', {
  description:
    'A whole number from -(2^53 - 1) to 2^53 - 1, as a JSON number: money in pence, whose sums outgrow Int (2^31 - 1 pence is £21,474,836.47)',
  serialize: (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n))
      throw new GraphQLError('SafeInt cannot represent a value that is not a whole number within ±(2^53 - 1)');
    return n;
  },
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw badInput('SafeInt must be a whole number from -(2^53 - 1) to 2^53 - 1');
    }
    return value;
  },
});
