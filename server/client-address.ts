import type { IncomingMessage } from 'node:http';
import { clientAddress, compileTrust } from './proxy-trust';

export type ClientAddress = (req: IncomingMessage) => string;

/**
 * The client's address for a request. TRUST_PROXY lists the reverse proxies to trust (addresses,
 * CIDR ranges, or proxy-addr's names loopback, linklocal, uniquelocal; comma-separated). Only when
 * the immediate peer is one of them is X-Forwarded-For read, right to left, up to the first
 * untrusted hop; without TRUST_PROXY the header is ignored. The list is compiled once.
 */
export function clientAddressResolver(trustProxy: string | undefined): ClientAddress {
  // One reading of TRUST_PROXY for sign-in limits and request logs alike (server/proxy-trust.ts).
  const trust = compileTrust(trustProxy);
  return (req) => clientAddress(req, trust);
}
