import { PothosValidationError } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from './errors';

/** Every table's key is a PostgreSQL integer. */
export const MAX_ID = 2_147_483_647;

/** A global ID whose id is a positive integer the database can hold; anything else is null. */
export function parseGlobalId(globalId: string | number): { typename: string; id: number } | null {
  try {
    const decoded = decodeGlobalID(String(globalId));
    if (!/^[1-9]\d{0,9}$/.test(decoded.id)) return null;
    const id = Number(decoded.id);
    return id <= MAX_ID ? { typename: decoded.typename, id } : null;
  } catch {
    return null;
  }
}

/** For the relay plugin: node(id:) and every globalID argument refuse what no row could have. */
export function strictDecodeGlobalID(globalId: string): { typename: string; id: string } {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new PothosValidationError('Invalid global ID');
  return { typename: parsed.typename, id: String(parsed.id) };
}

/** A global ID of the expected type as a number; a wrong or garbled one is a field error. */
export function idOf(globalId: string | number, typename: string, path: string[]): number {
  const parsed = parseGlobalId(globalId);
  if (parsed?.typename === typename) return parsed.id;
  throw ValidationError.field(path, `Not a valid ${typename} id`);
}
