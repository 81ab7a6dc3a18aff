/**
 * The credentials of an `Authorization: Bearer ...` header, or undefined. The scheme's name is
 * case-insensitive (RFC 7235 section 2.1): `bearer` and `BEARER` were refused.
 */
export function bearerCredentials(header: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(\S.*)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}
