import { builder } from '../builder';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { claimImportedService } from '../domain/openreferral/claim';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { Service } from './service';

const ClaimImportedServiceInput = builder.inputType('ClaimImportedServiceInput', {
  fields: (t) => ({ serviceId: t.id({ required: true }) }),
});

builder.mutationField('claimImportedService', (t) =>
  t.field({
    type: Service,
    description:
      'Administrators and commissioners: the partnership takes over an imported listing. Its providers can then edit it, and imports leave it alone.',
    args: { input: t.arg({ type: ClaimImportedServiceInput, required: true }) },
    errors: mutationResult('ClaimImportedService', 'service'),
    resolve: async (_root, { input }, ctx) => {
      const viewer = ctx.viewer;
      if (!viewer) throw new ForbiddenError('Sign in to claim a listing');
      if (viewer.role !== 'ADMIN' && viewer.role !== 'COMMISSIONER')
        throw new ForbiddenError('Only administrators and commissioners can claim imported listings');
      const serviceId = idOf(input.serviceId, 'Service', ['input', 'serviceId']);
      const id = await inTransaction(ctx.db, (tx) => claimImportedService(tx, viewer, serviceId));
      return (await ctx.db.query.services.findFirst({ where: { id } }))!;
    },
  }),
);
