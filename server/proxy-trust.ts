import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY names the reverse proxies whose forwarded headers are believed: addresses, CIDR
 * ranges or proxy-addr's names (loopback, linklocal, uniquelocal), comma-separated. Unset: none.
 */
export function compileTrust(setting: string | undefined): TrustProxy {
  const list = (setting ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? proxyaddr.compile(list) : () => false;
}

/** The client's address: the peer, or the nearest untrusted hop of X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  // A socket already closed has no address (and proxy-addr then has none to give).
  if (!req.socket.remoteAddress) return 'unknown';
  const address = proxyaddr(req, trust) ?? req.socket.remoteAddress;
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; people read a.b.c.d.
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** Whether the immediate peer is a trusted proxy (so its X-Request-Id may be kept). */
export function peerIsTrusted(req: IncomingMessage, trust: TrustProxy): boolean {
  const peer = req.socket.remoteAddress;
  return peer !== undefined && trust(peer, 0);
}
