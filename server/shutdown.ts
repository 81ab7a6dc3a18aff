import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { Logger } from './logger';

/**
 * On SIGTERM or SIGINT: first drain for drainMs — readiness answers 503 and every response closes
 * its connection, but the server still accepts and answers, so requests already on their way (sent
 * by a balancer that has not yet seen the 503) are answered rather than reset. Then stop accepting
 * connections, let requests in flight finish (up to graceMs), close idle keep-alive connections as
 * they free up, then run `close` (the database) and exit 0. A second signal exits at once, unless it comes within REPEAT_MS of the first: `npm
 * run` and `tsx` pass a signal on to the server while a process-group kill (Ctrl-C, systemd, docker
 * stop) delivers it to each of them too, so one stop request arrives two or three times together.
 */
const REPEAT_MS = 2_000;

export function handleShutdown(
  server: Server,
  options: {
    graceMs: number;
    drainMs?: number;
    logger: Logger;
    beforeClose?: () => void;
    close: () => Promise<void>;
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
