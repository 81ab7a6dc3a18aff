import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { serverKeys } from '../../drizzle/schema';

/**
 * The database's key for one purpose, made on first use: every process on the database reads the
 * same one (the first to insert wins), so what one signs another accepts, and a restart too.
 */
export async function serverKey(db: Db, purpose: string): Promise<string> {
  await db
    .insert(serverKeys)
    .values({ purpose, secret: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ secret: serverKeys.secret }).from(serverKeys).where(eq(serverKeys.purpose, purpose));
  return row!.secret;
}
