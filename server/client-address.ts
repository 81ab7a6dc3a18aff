import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddress = (req: IncomingMessage) => string;

/**
 * The client's address for a request. TRUST_PROXY lists the reverse proxies to trust (addresses,
 * CIDR ranges, or proxy-addr's names loopback, linklocal, uniquelocal; comma-separated). Only when
 * the immediate peer is one of them is X-Forwarded-For read, right to left, up to the first
 * untrusted hop; without TRUST_PROXY the header is ignored. The list is compiled once.
 */
export function clientAddressResolver(trustProxy: string | undefined): ClientAddress {
  const list = (trustProxy ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (list.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile(list);
  return (req) => {
    try {
      return proxyaddr(req, trust);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}
