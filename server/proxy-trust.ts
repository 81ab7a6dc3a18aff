import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

// proxy-addr reads any inet_aton form as an IPv4 address: "1" (Express's hop count) would be
// 0.0.0.1 and "127.1" 127.0.0.1. Only the dotted form, IPv6 (with a colon) and the names pass.
const IPV4 = String.raw`\d{1,3}(\.\d{1,3}){3}`;
const ENTRY = new RegExp(
  `^(loopback|linklocal|uniquelocal|${IPV4}(/(\\d{1,2}|${IPV4}))?|[\\da-f:.]*:[\\da-f:.]*(/\\d{1,3})?)$`,
  'i',
);

/**
 * TRUST_PROXY names the reverse proxies whose forwarded headers are believed: addresses, CIDR
 * ranges or proxy-addr's names (loopback, linklocal, uniquelocal), comma-separated. Unset: none.
 * A hop count is refused: it would believe whatever peer connects, proxy or not.
 */
export function compileTrust(setting: string | undefined): TrustProxy {
  const list = (setting ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const odd = list.find((entry) => !ENTRY.test(entry));
  if (odd !== undefined) throw new Error(`not an address, a CIDR range or a name: ${odd}`);
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
