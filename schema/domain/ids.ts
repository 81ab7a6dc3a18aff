import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from './errors';

/** A global ID of the expected type as a number; a wrong or garbled one is a field error. */
export function idOf(globalId: string | number, typename: string, path: string[]): number {
  try {
    const decoded = decodeGlobalID(String(globalId));
    const id = Number(decoded.id);
    if (decoded.typename === typename && Number.isSafeInteger(id)) return id;
  } catch {}
  throw ValidationError.field(path, `Not a valid ${typename} id`);
}
