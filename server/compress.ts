import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { acceptedEncoding } from './accept-encoding';

// Below this a compressed body saves less than the headers cost.
const MIN_BYTES = 1_024;

/** Ends res with body, brotli- or gzip-compressed when the client accepts it and it pays. */
export function sendBody(req: IncomingMessage, res: ServerResponse, body: string): void {
  res.appendHeader('Vary', 'Accept-Encoding');
  const accepted = acceptedEncoding(req);
  const raw = Buffer.from(body);
  if (raw.length < MIN_BYTES) {
    res.end(raw);
    return;
  }
  if (accepted === 'br') {
    res.setHeader('Content-Encoding', 'br');
    // Quality 4: most of brotli's gain at a fraction of its time for a per-request body.
    res.end(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }));
  } else if (accepted === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(gzipSync(raw, { level: 6 }));
  } else {
    res.end(raw);
  }
}
