import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

// Paths redacted wherever they appear in a log line: credentials, and children's identities.
// Request logs never carry GraphQL variables; these catch anything passed by mistake.
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'controlToken',
  'authorization',
  'cookie',
  'firstName',
  'lastName',
  'dateOfBirth',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.controlToken',
  '*.firstName',
  '*.lastName',
  '*.dateOfBirth',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'variables',
  '*.variables',
];

function prettyStream(): NodeJS.WritableStream | undefined {
  // pino-pretty is a development dependency: absent after `npm ci --omit=dev`, and then JSON it is.
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: object) => NodeJS.WritableStream;
    return pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

/**
 * JSON lines for operators; readable lines in development on a terminal.
 * `destination` lets tests capture what would be written.
 */
export function createLogger(options: {
  level?: string;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}): Logger {
  const config = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    serializers: { err: pino.stdSerializers.err },
  };
  const stream = options.destination ?? (options.pretty ? prettyStream() : undefined);
  return stream ? pino(config, stream) : pino(config);
}

/** For code that runs without a configured logger (library defaults, tests). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** The server's logger from its settings (serve.ts and start-up's helper share it): pretty on a terminal outside production. */
export function loggerFor(env: { LOG_LEVEL?: string; NODE_ENV?: string }): Logger {
  return createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV !== 'production' && process.stdout.isTTY });
}
