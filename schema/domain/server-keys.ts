import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { serverKeys } from '../../drizzle/schema';

/**
 * The database's key for one purpose, made on first use: every process on the database reads the
 * same one (the first to insert wins), so what one signs another accepts, and a restart too. Once
 * made it is only read: a start-up writes nothing.
 */
export async function serverKey(db: Db, purpose: string): Promise<string> {
  const read = async () =>
    (await db.select({ secret: serverKeys.secret }).from(serverKeys).where(eq(serverKeys.purpose, purpose)))[0]?.secret;
  const found = await read();
  if (found) return found;
  await db
    .insert(serverKeys)
    .values({ purpose, secret: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  return (await read())!;
}
