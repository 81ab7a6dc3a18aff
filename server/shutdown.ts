import type { Server } from 'node:http';
import type { Logger } from './logger';

/**
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (up to
 * graceMs), close idle keep-alive connections as they free up, then run `close` (the database)
 * and exit 0. A second signal exits at once, unless it comes within REPEAT_MS of the first: `npm
 * run` and `tsx` pass a signal on to the server while a process-group kill (Ctrl-C, systemd, docker
 * stop) delivers it to each of them too, so one stop request arrives two or three times together.
 */
const REPEAT_MS = 2_000;

export function handleShutdown(
  server: Server,
  options: { graceMs: number; logger: Logger; beforeClose?: () => void; close: () => Promise<void> },
): { stopping: () => boolean } {
  let stopping = false;
  let started = 0;
  const stop = async (signal: string) => {
    if (stopping) {
      if (Date.now() - started < REPEAT_MS) return;
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    started = Date.now();
    options.beforeClose?.();
    options.logger.info({ signal, graceMs: options.graceMs }, 'shutting down: finishing requests in flight');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.graceMs).unref());
    const outcome = await Promise.race([closed.then(() => 'drained' as const), grace]);
    clearInterval(idle);
    if (outcome === 'timeout') {
      options.logger.warn('grace period over: closing the remaining connections');
      server.closeAllConnections();
    }
    try {
      await options.close();
      options.logger.info({ ms: Date.now() - started }, 'stopped');
      process.exit(0);
    } catch (error) {
      options.logger.error({ err: error }, 'closing the database failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
  return { stopping: () => stopping };
}
