// The key an import's source is stored under (import_sources.location): a feed's URL, or
// file:NAME for files. Not a file's path: a council loads dated monthly exports of one
// directory (export-2026-12.json, then export-2027-01.json), and each must update the
// listings the last one made, not make them again under a new source.

/** Files of one zone share this source unless --source names another. */
export const DEFAULT_FILE_SOURCE = 'export';

export const isUrl = (target: string): boolean => /^https?:\/\//i.test(target);

export function sourceLocation(target: string, name?: string): string {
  if (isUrl(target)) return target.replace(/\/+$/, '');
  return `file:${name?.trim() || DEFAULT_FILE_SOURCE}`;
}
