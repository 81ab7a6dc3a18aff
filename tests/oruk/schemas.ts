import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// The Open Referral UK v3 schemas (../shared/standards/openreferral-uk), compiled with ajv, for
// validating what the portal publishes and generating what it imports.

export const STANDARD_DIR = path.resolve(import.meta.dirname, '../../../shared/standards/openreferral-uk');

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const load = (file: string) => JSON.parse(readFileSync(path.join(STANDARD_DIR, 'schema', file), 'utf8'));
for (const file of readdirSync(path.join(STANDARD_DIR, 'schema', 'compiled')))
  ajv.addSchema(load(`compiled/${file}`), `compiled/${file}`);
for (const file of ['taxonomy_term.json', 'taxonomy.json']) ajv.addSchema(load(file), file);
const openapi = load('openapi.json');

const pageOf = (item: string) => ({
  type: 'object',
  allOf: [openapi.components.schemas.Page],
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: { contents: { type: 'array', items: { $ref: item } } },
});

const compile = (schema: object | string): ValidateFunction =>
  typeof schema === 'string' ? ajv.getSchema(schema)! : ajv.compile(schema);

/** The schema each endpoint's answer must satisfy. */
export const ENDPOINT_SCHEMAS = {
  root: compile(openapi.paths['/'].get.responses['200'].content['application/json'].schema),
  services: compile(pageOf('compiled/service_list.json')),
  service: compile('compiled/service.json'),
  serviceAtLocations: compile(pageOf('compiled/service_at_location_list.json')),
  serviceAtLocation: compile('compiled/service_at_location.json'),
  organizations: compile(pageOf('compiled/organization_list.json')),
  organization: compile('compiled/organization.json'),
  taxonomies: compile(pageOf('taxonomy.json')),
  taxonomy: compile('taxonomy.json'),
  taxonomyTerms: compile(pageOf('taxonomy_term.json')),
  taxonomyTerm: compile('taxonomy_term.json'),
} as const;

/** ajv's errors as readable lines ("/contents/3/email must match format email"); [] when valid. */
export function schemaErrors(name: keyof typeof ENDPOINT_SCHEMAS, body: unknown): string[] {
  const validate = ENDPOINT_SCHEMAS[name];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
