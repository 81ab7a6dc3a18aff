import type { Server } from 'node:http';
import type { Logger } from './logger';

/**
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (up to
 * graceMs), close idle keep-alive connections as they free up, then run `close` (the database)
 * and exit 0. A second signal exits at once.
 */
export function handleShutdown(
  server: Server,
  options: { graceMs: number; logger: Logger; beforeClose?: () => void; close: () => Promise<void> },
): { stopping: () => boolean } {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    options.beforeClose?.();
    const started = Date.now();
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
