// Side-effect imports register every type with the builder; then the schema is built once.
import './types/scalars';
import './types/enums';
import './errors';
import './types/zone';
import './types/user';
import './types/auth';
import './types/account-tokens';
import './types/email-preferences';
import './types/category';
import './types/organisation';
import './types/district';
import './types/service';
import './types/service-search';
import './types/service-mutations';
import './types/service-claim';
import './types/service-revision';
import './types/shortlist';
import './types/import-source';
import './types/child';
import './types/commission';
import './types/commission-mutations';
import './types/funding';
import './types/notification';
import './types/measure';
import './types/outcome';
import './types/service-outcome';
import './types/outcome-schedule';
import './types/report';
import './types/admin';
import './types/audit';
import { builder } from './builder';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });
