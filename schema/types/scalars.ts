import { GraphQLError } from 'graphql';
import { builder } from '../builder';

builder.scalarType('DateTime', {
  description: 'An ISO 8601 instant, e.g. 2026-11-23T17:19:21.000Z',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError('DateTime must be an ISO 8601 string');
    }
    return value;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (value) => String(value).slice(0, 10),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError('Date must be YYYY-MM-DD');
    }
    return value;
  },
});
