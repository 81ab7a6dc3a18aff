import { createServer } from 'node:net';

// A port already taken (or not ours to take), or a HOST that is no address of this machine, is a
// setting to change, not a crash: one line saying which.
export function listenProblem(error: NodeJS.ErrnoException, port: number, host: string | undefined) {
  const code = error.code ?? '';
  const portReason = { EADDRINUSE: 'it is already in use', EACCES: 'permission denied' }[code];
  const hostReason = {
    EADDRNOTAVAIL: 'address not available',
    ENOTFOUND: 'no such address',
    EAI_AGAIN: 'the name could not be looked up',
    EAI_FAIL: 'the name could not be looked up',
    EAFNOSUPPORT: 'address family not supported',
  }[code];
  if (!portReason && !hostReason) return undefined;
  const hint = portReason ? '(set PORT or HOST)' : '(set HOST or PORT)';
  return `Cannot listen on ${host ?? 'every interface'} port ${port}: ${portReason ?? hostReason} ${hint}`;
}

/**
 * Listens on the address and lets it go at once, so a bad HOST or a taken PORT is said before the
 * database is opened and migrated (about 18 s on PGlite), not after. The real listen still
 * checks: the port can be taken in between.
 */
export function probeListen(port: number, host: string | undefined): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const problem = listenProblem(error, port, host);
      if (problem) resolve(problem);
      else reject(error);
    });
    probe.listen({ port, host }, () => probe.close(() => resolve(undefined)));
  });
}
