// Why a request to another directory's feed failed, in words an operator can act on. Node's
// fetch says only "fetch failed" and keeps the reason (refused, no such host, a certificate) in
// its cause; a timeout says "The operation was aborted due to timeout".

const BECAUSE: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing is listening there)',
  ENOTFOUND: 'no such host (check the address)',
  EAI_AGAIN: 'the host name could not be looked up just now',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ETIMEDOUT: 'connecting timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_SOCKET: 'the connection closed before the answer was complete',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host',
};

type Failure = Error & { cause?: { code?: string; message?: string } & Partial<Error> };

/** One line: what went wrong with `url`, and why when the error knows. */
export function whyFetchFailed(error: unknown, url: string, timeoutMs: number): string {
  const e = error as Failure;
  const host = new URL(url).host;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `${host} did not answer within ${timeoutMs / 1000} s`;
  // Node's fetch refuses some ports outright (9, 25, 6000 ...), as browsers do: trying again cannot help.
  if (isBadPort(error))
    return `${host} is on a port fetch refuses to use (as browsers do): serve the feed on another port`;
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  if (code) return `could not reach ${host}: ${BECAUSE[code] ?? e.cause?.message ?? code} (${code})`;
  if (e?.message === 'fetch failed' && e.cause?.message) return `could not reach ${host}: ${e.cause.message}`;
  return e instanceof Error ? e.message : String(error);
}

/** A request to a port fetch will never use: not worth a retry. */
export const isBadPort = (error: unknown): boolean => (error as Failure)?.cause?.message === 'bad port';
