import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { Logger } from './logger';

/**
 * On SIGTERM or SIGINT: first drain for drainMs — readiness answers 503 and every response closes
 * its connection, but the server still accepts and answers, so requests already on their way (sent
 * by a balancer that has not yet seen the 503) are answered rather than reset. Then stop accepting
 * connections, let requests in flight finish (up to graceMs), close idle keep-alive connections as
 * they free up, then run the `close` steps (email, the database) and exit 0. Closing is bounded too: a
 * step may have its own limit (a stalled mail relay is left, so the database still closes cleanly),
 * and after CLOSE_MS the process exits 1 whatever is still running, naming it in one log line, so
 * `docker stop` never has to kill it unannounced. A second signal exits at once, unless it comes within REPEAT_MS of the first: `npm
 * run` and `tsx` pass a signal on to the server while a process-group kill (Ctrl-C, systemd, docker
 * stop) delivers it to each of them too, so one stop request arrives two or three times together.
 */
const REPEAT_MS = 2_000;
/** The longest the close steps may take together, after drain and grace. */
export const CLOSE_MS = 5_000;

/** One thing to finish before exiting; `maxMs` leaves it unfinished after that long. */
export type CloseStep = { what: string; run: () => Promise<void>; maxMs?: number };

export function handleShutdown(
  server: Server,
  options: {
    graceMs: number;
    drainMs?: number;
    logger: Logger;
    beforeClose?: () => void;
    close: CloseStep[];
  },
): { stopping: () => boolean } {
  let stopping = false;
  let started = 0;
  const idle = idleSockets(server);
  const stop = async (signal: string) => {
    if (stopping) {
      if (Date.now() - started < REPEAT_MS) return;
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    started = Date.now();
    options.beforeClose?.();
    const drainMs = options.drainMs ?? 0;
    options.logger.info(
      { signal, drainMs, graceMs: options.graceMs },
      'shutting down: draining, then finishing requests in flight',
    );
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    // net's close, not http's: since Node 19 http's also closes "idle" connections, and a request
    // sent but not yet read counts as idle, so its client would see a reset.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const closing = setInterval(() => idle.close(), 50);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.graceMs).unref());
    const outcome = await Promise.race([closed.then(() => 'drained' as const), grace]);
    clearInterval(closing);
    if (outcome === 'timeout') {
      options.logger.warn('grace period over: closing the remaining connections');
      server.closeAllConnections();
    }
    let current = '';
    setTimeout(() => {
      options.logger.error(
        { ms: Date.now() - started, running: current },
        `shutdown took too long: exiting while still ${current}`,
      );
      process.exit(1);
    }, CLOSE_MS);
    const unfinished: string[] = [];
    for (const step of options.close) {
      current = step.what;
      try {
        const outcome = await (step.maxMs === undefined
          ? step.run()
          : Promise.race([step.run(), new Promise<'late'>((r) => setTimeout(() => r('late'), step.maxMs).unref())]));
        if (outcome === 'late') unfinished.push(step.what);
      } catch (error) {
        options.logger.error({ err: error }, `${step.what} failed`);
        unfinished.push(step.what);
      }
    }
    if (unfinished.length > 0) {
      options.logger.warn(
        { ms: Date.now() - started, unfinished },
        `stopped, leaving unfinished: ${unfinished.join(', ')}`,
      );
      process.exit(1);
    }
    options.logger.info({ ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
  return { stopping: () => stopping };
}

/** A connection this long without a request is a preconnect that may never send one. */
const FRESH_MS = 1_000;

/** Node's own field, set while a response is being written on the socket (http-terminator reads it too). */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

/**
 * Node's closeIdleConnections also closes a connection whose request is still unread (the event
 * loop was busy, e.g. with PGlite): the client sees a reset. So shutdown closes only connections
 * with no response under way (`_httpMessage` is set from the moment a request's head is parsed
 * until its response finishes) that have either answered before (a keep-alive connection between
 * requests: bytes written) or sat for FRESH_MS without a request. Nothing is tracked per request:
 * the hot path pays nothing, and only each connection's opening time is kept.
 */
function idleSockets(server: Server): { close: () => void } {
  const open = new Map<HttpSocket, number>();
  server.on('connection', (socket: Socket) => {
    open.set(socket, Date.now());
    socket.once('close', () => open.delete(socket));
  });
  return {
    close: () => {
      const now = Date.now();
      for (const [socket, since] of open)
        if (!socket._httpMessage && (socket.bytesWritten > 0 || now - since > FRESH_MS)) socket.destroy();
    },
  };
}
