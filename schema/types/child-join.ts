import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { children, commissions, schools } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole } from '../domain/access';
import { moveChildren } from '../domain/caseload-move';
import { endProgramme } from '../domain/child-exit';
import { importCohort } from '../domain/child-import';
import { checkNewChild, insertChildren, loadJoinContext } from '../domain/child-join';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { idOf, parseGlobalId } from '../domain/ids';
import { alreadyInMessage, childrenAlreadyIn, lockChildAdds, sameChildKey } from '../domain/same-child';
import { inTransaction, type Tx } from '../domain/transaction';
import { mutationResult } from '../errors';
import { School } from './district';
import { ChildStatus } from './enums';
import { listArgs, listPage } from './pagination';
import { Zone } from './zone';

// Children join, leave and change link worker (issue 13 point 9). Who may call each mutation is
// in mutation-roles.json; the resolvers check zone and ownership. An administrator manages
// caseloads but never reads a child's name: ChildSummary holds the reference, school, year group,
// status and counts only.

builder.drizzleObjectField(Zone, 'needTags', (t) =>
  t.exposeStringList('needTags', { description: 'The needs a child may be recorded with in this partnership' }),
);
builder.drizzleObjectField(School, 'phase', (t) =>
  t.exposeString('phase', { description: 'PRIMARY (Reception to year 6), SECONDARY (7 to 13) or ALL_THROUGH' }),
);

type Summary = {
  id: number;
  reference: string;
  yearGroup: number;
  schoolName: string;
  status: 'ACTIVE' | 'COMPLETED' | 'WITHDRAWN';
  openCommissions: number;
  deliveringCommissions: number;
};

const ChildSummary = builder.objectRef<Summary>('ChildSummary').implement({
  description: 'A child on a caseload as an administrator sees it: no name, no date of birth, no money',
  fields: (t) => ({
    id: t.id({ resolve: (c) => encodeGlobalID('Child', c.id) }),
    reference: t.exposeString('reference'),
    yearGroup: t.exposeInt('yearGroup'),
    schoolName: t.exposeString('schoolName'),
    status: t.field({ type: ChildStatus, resolve: (c) => c.status }),
    openCommissions: t.exposeInt('openCommissions', {
      description: 'Requested or approved: cancelled if the child leaves',
    }),
    deliveringCommissions: t.exposeInt('deliveringCommissions', {
      description: 'Accepted and being delivered: the child cannot leave until these are completed',
    }),
  }),
});

async function summaries(
  db: Context['db'] | Tx,
  where: ReturnType<typeof and>,
  page?: { limit: number; offset: number },
): Promise<Summary[]> {
  const count = (statuses: string[]) =>
    sql<number>`(select count(*)::int from ${commissions} where ${commissions.childId} = ${children.id} and ${commissions.status} in (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )}))`;
  const q = db
    .select({
      id: children.id,
      reference: children.reference,
      yearGroup: children.yearGroup,
      schoolName: schools.name,
      status: children.status,
      openCommissions: count(['REQUESTED', 'APPROVED']),
      deliveringCommissions: count(['ACCEPTED']),
    })
    .from(children)
    .innerJoin(schools, eq(schools.id, children.schoolId))
    .where(where)
    .orderBy(asc(children.reference), asc(children.id))
    .$dynamic();
  return page ? q.limit(page.limit).offset(page.offset) : q;
}

builder.queryField('linkWorkerCaseload', (t) =>
  t.field({
    type: [ChildSummary],
    authScopes: { role: ['ADMIN'] },
    description: 'An administrator’s view of one link worker’s active caseload, by reference (a page: limit, offset)',
    args: { linkWorkerId: t.arg.id({ required: true }), ...listArgs(t) },
    resolve: (_root, args, ctx) => {
      const id = idOf(args.linkWorkerId, 'User', ['linkWorkerId']);
      return summaries(
        ctx.db,
        and(eq(children.zoneId, ctx.viewer!.zoneId), eq(children.linkWorkerId, id), eq(children.status, 'ACTIVE')),
        listPage(args),
      );
    },
  }),
);

const AddChildInput = builder.inputType('AddChildInput', {
  fields: (t) => ({
    firstName: t.string({ required: true, validate: { maxLength: 200 } }),
    lastName: t.string({ required: true, validate: { maxLength: 200 } }),
    dateOfBirth: t.field({ type: 'Date' }),
    schoolId: t.id(),
    yearGroup: t.int(),
    needs: t.stringList({ required: true, validate: { maxLength: 20 } }),
    programmeStart: t.field({ type: 'Date' }),
    programmeEnd: t.field({ type: 'Date', description: 'Blank: two years from the start (the day before)' }),
    linkWorkerId: t.id({ description: 'Administrators: whose caseload. Link workers add to their own.' }),
  }),
});

/** A school chosen or not: a blank or garbled one is reported with every other field's problem. */
const schoolIdOf = (id: string | number | null | undefined) => {
  const parsed = id ? parseGlobalId(id) : null;
  return parsed?.typename === 'School' ? parsed.id : null;
};

builder.mutationField('addChild', (t) =>
  t.field({
    type: ChildSummary,
    args: { input: t.arg({ type: AddChildInput, required: true }) },
    errors: mutationResult('AddChild', 'child'),
    resolve: async (_root, { input }, ctx) => {
      const v = ctx.viewer!;
      let linkWorkerId: number | null = v.id;
      if (hasRole(ctx, 'ADMIN'))
        linkWorkerId = input.linkWorkerId ? idOf(input.linkWorkerId, 'User', ['input', 'linkWorkerId']) : null;
      else if (input.linkWorkerId && idOf(input.linkWorkerId, 'User', ['input', 'linkWorkerId']) !== v.id)
        throw new ForbiddenError('Link workers add children to their own caseload');
      return inTransaction(ctx.db, async (tx) => {
        const join = await loadJoinContext(tx, v.zoneId, ctx.now());
        const { errors, child } = checkNewChild(join, {
          ...input,
          dateOfBirth: input.dateOfBirth ?? null,
          schoolId: schoolIdOf(input.schoolId),
          yearGroup: input.yearGroup ?? null,
          programmeStart: input.programmeStart ?? null,
          programmeEnd: input.programmeEnd ?? null,
          linkWorkerId,
        });
        if (!child) throw new ValidationError('Check the child’s details', errors);
        await lockChildAdds(tx, v.zoneId); // a second add of the same child waits, then finds this one
        const key = sameChildKey(child.firstName, child.lastName, child.dateOfBirth, child.schoolId);
        const already = (await childrenAlreadyIn(tx, v.zoneId, [key])).get(key ?? '');
        if (already) throw new ValidationError(alreadyInMessage(already, hasRole(ctx, 'ADMIN') ? undefined : v.id));
        const [row] = await insertChildren(tx, v.zoneId, v.id, [child], 'ADD_CHILD');
        return (await summaries(tx, eq(children.id, row!.id)))[0]!;
      });
    },
  }),
);

const CohortRowType = builder
  .objectRef<{
    row: number;
    schoolName: string;
    yearGroup: string;
    linkWorkerEmail: string;
    errors: string[];
    reference: string | null;
  }>('CohortRow')
  .implement({
    description: 'One line of a cohort CSV: what it will add (or added), or why it cannot',
    fields: (t) => ({
      row: t.exposeInt('row', { description: 'The line in the file; the header is line 1' }),
      schoolName: t.exposeString('schoolName'),
      yearGroup: t.exposeString('yearGroup'),
      linkWorkerEmail: t.exposeString('linkWorkerEmail'),
      errors: t.exposeStringList('errors'),
      reference: t.exposeString('reference', { nullable: true, description: 'The new child’s reference, once added' }),
    }),
  });

const CohortImport = builder
  .objectRef<{ dryRun: boolean; rows: { row: number; errors: string[] }[]; added: number }>('CohortImport')
  .implement({
    fields: (t) => ({
      dryRun: t.exposeBoolean('dryRun', { description: 'A preview: nothing was written' }),
      added: t.exposeInt('added'),
      rows: t.field({ type: [CohortRowType], resolve: (r) => r.rows as never }),
      errorCount: t.int({ resolve: (r) => r.rows.filter((x) => x.errors.length > 0).length }),
    }),
  });

const ImportChildrenInput = builder.inputType('ImportChildrenInput', {
  fields: (t) => ({
    csv: t.string({
      required: true,
      description:
        'Columns firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail (needs separated by ;)',
      validate: { maxLength: 500_000 },
    }),
    dryRun: t.boolean({ required: true, description: 'true: preview only, nothing written' }),
  }),
});

builder.mutationField('importChildren', (t) =>
  t.field({
    type: CohortImport,
    args: { input: t.arg({ type: ImportChildrenInput, required: true }) },
    errors: mutationResult('ImportChildren', 'import'),
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx.db, async (tx) =>
        importCohort(tx, await loadJoinContext(tx, ctx.viewer!.zoneId, ctx.now()), ctx.viewer!.id, input),
      ),
  }),
);

const EndProgrammeInput = builder.inputType('EndProgrammeInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    reason: t.string({
      required: true,
      validate: { minLength: [2, { message: 'Say why, for the record' }], maxLength: 500 },
    }),
  }),
});

for (const [name, status] of [
  ['withdrawChild', 'WITHDRAWN'],
  ['completeChildProgramme', 'COMPLETED'],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: ChildSummary,
      description:
        status === 'WITHDRAWN'
          ? 'The child leaves early; requested and approved commissions are cancelled and their money released; refused while a provider is delivering'
          : 'The child finishes the programme; as withdrawChild for open commissions',
      args: { input: t.arg({ type: EndProgrammeInput, required: true }) },
      errors: mutationResult(name[0]!.toUpperCase() + name.slice(1), 'child'),
      resolve: (_root, { input }, ctx) =>
        inTransaction(ctx.db, async (tx) => {
          const childId = idOf(input.childId, 'Child', ['input', 'childId']);
          await endProgramme(tx, ctx.viewer!, { childId, status, reason: input.reason.trim() });
          return (await summaries(tx, eq(children.id, childId)))[0]!;
        }),
    }),
  );
}

const MoveChildrenInput = builder.inputType('MoveChildrenInput', {
  fields: (t) => ({
    childIds: t.idList({
      description: 'These children; or leave out to move a whole caseload',
      validate: { maxLength: 500 },
    }),
    fromLinkWorkerId: t.id({ description: 'Move every active child of this link worker' }),
    toLinkWorkerId: t.id({ required: true }),
  }),
});

builder.mutationField('moveChildren', (t) =>
  t.field({
    type: [ChildSummary],
    description: 'Children (or a whole caseload) change link worker; their budget, commissions and history follow',
    args: { input: t.arg({ type: MoveChildrenInput, required: true }) },
    errors: mutationResult('MoveChildren', 'children'),
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx.db, async (tx) => {
        const moved = await moveChildren(tx, ctx.viewer!, {
          childIds: input.childIds ? input.childIds.map((id) => idOf(id, 'Child', ['input', 'childIds'])) : null,
          fromLinkWorkerId: input.fromLinkWorkerId
            ? idOf(input.fromLinkWorkerId, 'User', ['input', 'fromLinkWorkerId'])
            : null,
          toLinkWorkerId: idOf(input.toLinkWorkerId, 'User', ['input', 'toLinkWorkerId']),
        });
        if (moved.length === 0) throw new NotFoundError('Child');
        return summaries(
          tx,
          and(
            eq(children.zoneId, ctx.viewer!.zoneId),
            inArray(
              children.id,
              moved.map((m) => m.id),
            ),
          ),
        );
      }),
  }),
);
