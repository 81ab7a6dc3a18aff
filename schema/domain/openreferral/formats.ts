import { domainToASCII } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Web and email addresses as Open Referral UK publishes them: checked with the same ajv formats
// ("uri", "email") the standard's schemas are validated with, so what passes here validates there.
// Forms refuse what these give null for; the feed encodes what it can and leaves out the rest.

const ajv = new Ajv({ strict: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const uriCheck = ajv.compile({ type: 'string', format: 'uri' });
const emailCheck = ajv.compile({ type: 'string', format: 'email' });
const isUri = (s: string): boolean => uriCheck(s);
const isEmail = (s: string): boolean => emailCheck(s);

const MAX_URL = 2000;

/** Percent-encodes what WHATWG URL serialisation leaves but RFC 3986 forbids ("[", "|", a 2nd "#"). */
function encodeRest(rest: string): string {
  let seenHash = false;
  return rest.replace(/%(?![0-9a-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gi, (c) => {
    if (c === '#' && !seenHash) {
      seenHash = true;
      return c;
    }
    return encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  });
}

/**
 * An address as a valid ORUK `uri`, or null when it cannot be one. A valid one is kept as it is;
 * otherwise the WHATWG URL form (punycode host, spaces and non-ASCII percent-encoded).
 * `web` (the default) also insists on http(s) with a host, as websites must be.
 */
export function publishableUrl(value: string | null | undefined, { web = true } = {}): string | null {
  const s = value?.trim();
  if (!s || s.length > MAX_URL) return null;
  const scheme = /^([a-z][a-z0-9+\-.]*):/i.exec(s)?.[1]?.toLowerCase();
  if (web && scheme !== 'http' && scheme !== 'https') return null;
  if (isUri(s) && (!web || /^https?:\/\/[^/?#\s]+/i.test(s))) return s;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (web && !url.hostname) return null;
  const href = url.href;
  const origin = /^[a-z][a-z0-9+\-.]*:(\/\/[^/?#]*)?/i.exec(href)![0];
  const out = origin + encodeRest(href.slice(origin.length));
  return out.length <= MAX_URL && isUri(out) ? out : null;
}

/** An address as a valid ORUK `email` (the domain in punycode), or null when it cannot be one. */
export function publishableEmail(value: string | null | undefined): string | null {
  const s = value?.trim();
  if (!s || s.length > 254) return null;
  if (isEmail(s)) return s;
  const at = s.lastIndexOf('@');
  if (at < 1) return null;
  const domain = domainToASCII(s.slice(at + 1));
  if (!domain) return null;
  const out = `${s.slice(0, at)}@${domain}`;
  return out.length <= 254 && isEmail(out) ? out : null;
}

// What the forms accept: empty (not given) or an address the feed can publish.
export const EMAIL_MESSAGE = 'Enter an email address like name@example.org';
export const WEBSITE_MESSAGE = 'Enter a web address starting https://, like https://example.org';
export const isPublishableEmail = (v: string) => !v.trim() || publishableEmail(v) !== null;
export const isPublishableWebsite = (v: string) => !v.trim() || publishableUrl(v) !== null;
