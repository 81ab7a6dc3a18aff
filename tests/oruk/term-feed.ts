import http from 'node:http';
import type net from 'node:net';
import { generateFeed } from './generate-feed';

// Feeds that name taxonomy terms, for the import's term tests: a term as a feed embeds it (or
// answers /taxonomy_terms/{id}), a generated record carrying attributes, and a URL feed that
// serves one page of records and answers for terms by id.

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

/** A maker of one taxonomy's terms: `term(id, name, parent?)`. */
export const termsOf =
  (taxonomyId: string, taxonomy: string) =>
  (id: string, name: string, parent?: string): Json => ({
    id,
    name,
    description: name,
    taxonomy,
    taxonomy_id: taxonomyId,
    ...(parent ? { parent_id: parent } : {}),
  });

/** One active generated record whose attributes are these (each given an id of its own). */
export const recordWith = (prefix: string, attributes: Json[]): Json => ({
  ...generateFeed(1, { brokenEvery: 1000, prefix }).services[0]!,
  status: 'active',
  attributes: attributes.map((a) => ({ id: crypto.randomUUID(), ...a })),
});

/** One active generated record embedding these terms. */
export const embedding = (prefix: string, terms: Json[]): Json =>
  recordWith(
    prefix,
    terms.map((t) => ({ taxonomy_term: t })),
  );

/** A URL feed of one page of `records`, answering /taxonomy_terms/{id} from `answers` (else 404);
 * `asked` gets every term id asked for, in order. */
export async function termFeed(
  records: Json[],
  answers: Record<string, Json>,
): Promise<{ url: string; asked: string[]; close: () => Promise<void> }> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (u.pathname === '/services')
      return res.end(
        JSON.stringify({ total_items: records.length, total_pages: 1, page: 1, last_page: true, contents: records }),
      );
    const id = u.pathname.replace('/taxonomy_terms/', '');
    asked.push(id);
    res.statusCode = answers[id] ? 200 : 404;
    res.end(JSON.stringify(answers[id] ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
