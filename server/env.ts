import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATA_DIR: z
    .string()
    .min(1)
    .default(path.resolve(import.meta.dirname, '..', '.data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  SEED: z.enum(['demo', 'none']).optional(),
  // The reverse proxies whose X-Forwarded-For to believe (server/client-address.ts); empty: none.
  TRUST_PROXY: z
    .string()
    .default('')
    .refine((list) => {
      try {
        proxyaddr.compile(
          list
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean),
        );
        return true;
      } catch {
        return false;
      }
    }, 'TRUST_PROXY must be comma-separated addresses, CIDR ranges, or loopback, linklocal, uniquelocal'),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses process.env once; a bad value stops the start with a message saying which and why. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    console.error(`Invalid environment:\n${problems}`);
    process.exit(1);
  }
  return parsed.data;
}
