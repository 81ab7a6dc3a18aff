import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

// Accept-Encoding is a list with weights: "br;q=0, gzip" refuses brotli, "gzip;q=0" refuses gzip, and
// codings are case-insensitive (RFC 9110 §12.5.3). negotiator reads it as the standard says.
const OFFERED = ['br', 'gzip', 'identity'];
type Preferring = { encoding(available: string[], options: { preferred: string[] }): string | undefined };

/** The compression this request accepts, brotli first, or null for none (the body as it is). */
export function acceptedEncoding(req: IncomingMessage): 'br' | 'gzip' | null {
  // negotiator 1.x takes the server's preference for ties ("gzip, br" gets br); its types predate it.
  const negotiator = new Negotiator(req) as unknown as Preferring;
  const chosen = negotiator.encoding(OFFERED, { preferred: OFFERED });
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

/**
 * For a handler that reads the header by substring (sirv takes any mention of gzip as gzip, even
 * "gzip;q=0"): the header reduced to the one coding negotiated, or removed.
 */
export function settleAcceptEncoding(req: IncomingMessage): void {
  const chosen = acceptedEncoding(req);
  if (chosen) req.headers['accept-encoding'] = chosen;
  else delete req.headers['accept-encoding'];
}
