import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Answers with a JSON body. Our own JSON answers are not cached by default; `headers` replaces that
 * default, so a caller that must not send Cache-Control (or needs Allow) passes its own set.
 */
export const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = { 'Cache-Control': 'no-store' },
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
