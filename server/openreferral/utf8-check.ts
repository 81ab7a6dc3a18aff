import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

// An import file must be UTF-8, as JSON is: a byte that is not would be read as U+FFFD and
// stored in names and descriptions. The file is checked, streamed, before any of it is imported,
// so a refused file changes nothing; the message says where the first bad byte is.

/** The expected length of a UTF-8 sequence from its first byte; 0 when no sequence starts so. */
const sequenceLength = (b: number) =>
  b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;

/** The index of the first byte of `b` that does not start a valid sequence, or -1. */
function firstBadByte(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b[i]!);
    if (!n || i + n > b.length || !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return -1;
}

/** How many bytes at the end of `b` begin a sequence the next chunk completes. */
function incompleteTail(b: Buffer): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const byte = b[b.length - k]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLength(byte) > k ? k : 0;
  }
  return 0;
}

const newlines = (b: Buffer, end = b.length) => {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
};

export class NotUtf8Error extends Error {}

const refusal = (name: string, b: Buffer, at: number, line: number, offset: number) =>
  new NotUtf8Error(
    `${name} is not UTF-8 (line ${line + newlines(b, at)}, byte ${offset + at + 1}: 0x${b[at]!.toString(16).toUpperCase().padStart(2, '0')}); save it as UTF-8 and import it again. Nothing was imported.`,
  );

/** The same check over bytes already read (a feed's answer), `name` saying whose they are. */
export function checkUtf8Bytes(bytes: Buffer, name: string): void {
  if (!isUtf8(bytes)) throw refusal(name, bytes, Math.max(0, firstBadByte(bytes)), 1, 0);
}

/** Throws NotUtf8Error naming the file, line and byte of the first byte that is not UTF-8. */
export async function checkUtf8(file: string): Promise<void> {
  let carry = Buffer.alloc(0);
  let offset = 0; // of carry's first byte in the file
  let line = 1;
  const refuse = (b: Buffer, at: number): never => {
    throw refusal(file, b, at, line, offset);
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const keep = incompleteTail(buffer);
    const whole = buffer.subarray(0, buffer.length - keep);
    if (!isUtf8(whole)) refuse(whole, Math.max(0, firstBadByte(whole)));
    line += newlines(whole);
    offset += whole.length;
    carry = Buffer.from(buffer.subarray(buffer.length - keep));
  }
  if (carry.length) refuse(carry, 0);
}
