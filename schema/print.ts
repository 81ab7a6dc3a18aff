import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './index';

// `npm run schema:print` regenerates the committed schema.graphql the web app types against.
writeFileSync(new URL('../schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
console.log('wrote schema.graphql');
