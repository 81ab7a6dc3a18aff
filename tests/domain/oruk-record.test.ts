import { describe, expect, it } from 'vitest';
import { publishableEmail, publishableUrl } from '../../schema/domain/openreferral/formats';
import { type ImportedService, readOrukRecord } from '../../schema/domain/openreferral/from-oruk';

const fromOruk = (given: unknown) => readOrukRecord(given).service;
const organisationOf = (given: unknown) => readOrukRecord(given).org;

import { likeLiteral } from '../../schema/domain/text';
import { generateFeed } from '../oruk/generate-feed';
import { ENDPOINT_SCHEMAS } from '../oruk/schemas';

// The web and email addresses the Open Referral feed writes, and how one imported record is read.

/** Valid as the ORUK schema's formats, checked through the standard's own organisation schema. */
const validOrganisation = (fields: { email?: string; website?: string }) =>
  ENDPOINT_SCHEMAS.organization({
    id: '5b8e7c1c-0c1d-4f4e-9d57-2b3d1c2e4a10',
    name: 'An organisation',
    description: '',
    ...fields,
  });

describe('publishableUrl', () => {
  it('keeps a valid address exactly as it is', () => {
    for (const url of ['https://example.org', 'http://example.org/a?b=c#d', 'https://www.gov.uk/find-support'])
      expect(publishableUrl(url)).toBe(url);
  });

  it('encodes what a form accepts but the uri format refuses: an IDN host, spaces, brackets, non-ASCII', () => {
    const cases: [string, string][] = [
      ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
      ['https://example.org/our courses', 'https://example.org/our%20courses'],
      ['https://bücher.example/über uns?für=alle', 'https://xn--bcher-kva.example/%C3%BCber%20uns?f%C3%BCr=alle'],
      ['  https://example.org/x[1]|y#a#b ', 'https://example.org/x%5B1%5D%7Cy#a%23b'],
      ['https://example.org/100%', 'https://example.org/100%25'],
    ];
    for (const [input, output] of cases) {
      expect(publishableUrl(input), input).toBe(output);
      expect(validOrganisation({ website: output }), output).toBe(true);
    }
  });

  it('gives null for what cannot be a website at all', () => {
    for (const bad of [
      '',
      '  ',
      'example.org',
      'not a url',
      'https://exa mple.org/',
      'ftp://example.org/f',
      'javascript:alert(1)',
      'https://',
      `https://example.org/${'x'.repeat(2000)}`,
    ])
      expect(publishableUrl(bad), bad).toBeNull();
    expect(publishableUrl(null)).toBeNull();
  });

  it('for a term or taxonomy uri, accepts any scheme the uri format does', () => {
    expect(publishableUrl('urn:isbn:0451450523', { web: false })).toBe('urn:isbn:0451450523');
    expect(publishableUrl('urn:isbn:0451450523')).toBeNull();
  });
});

describe('publishableEmail', () => {
  it('keeps valid addresses and puts an IDN domain in punycode', () => {
    expect(publishableEmail('first.last+tag@example.co.uk')).toBe('first.last+tag@example.co.uk');
    expect(publishableEmail(' team@bücher.example ')).toBe('team@xn--bcher-kva.example');
    expect(validOrganisation({ email: 'team@xn--bcher-kva.example' })).toBe(true);
  });

  it('gives null for addresses the email format refuses, each of them refused by the schema too', () => {
    for (const bad of [
      'team@example-.org',
      'team@-example.org',
      'x@localhost',
      'a b@example.org',
      'x@example..org',
      'ä@example.org',
      '"q"@example.org',
      'x@ex_ample.org',
      '@example.org',
      'plain',
    ]) {
      expect(publishableEmail(bad), bad).toBeNull();
      expect(validOrganisation({ email: bad }), bad).toBe(false);
    }
  });
});

describe('one imported record', () => {
  const [record] = generateFeed(1, { prefix: 'record', brokenEvery: 1000 }).services as Record<string, unknown>[];
  const read = (changes: Record<string, unknown>) => fromOruk({ ...structuredClone(record), ...changes });

  it('a blank or whitespace-only name is refused with a reason, not imported nameless', () => {
    for (const name of ['', '   ', '\t\n']) expect(read({ name })).toBe('the service has no name');
    expect(typeof read({ name: '  Youth club  ' })).toBe('object');
    expect((read({ name: '  Youth club  ' }) as ImportedService).fields.name).toBe('Youth club');
  });

  it('keeps web and email addresses only in a form the feed can publish again', () => {
    const s = read({ url: 'https://example.org/a', email: 'team@example.org' }) as ImportedService;
    expect(s.fields).toMatchObject({ website: 'https://example.org/a', contactEmail: 'team@example.org' });
    const org = organisationOf({
      ...record,
      organization: { id: record!.organization_id, name: ' ', description: '', website: 'https://bücher.example/' },
    });
    expect(org).toMatchObject({ name: 'Unnamed organisation', website: 'https://xn--bcher-kva.example/', email: null });
  });

  it('an organisation’s name and a contact’s name and title are kept on one line, as the forms keep them (audit 66)', () => {
    const org = organisationOf({
      ...record,
      organization: { id: record!.organization_id, name: 'Riverside\r\n Bcc: x@y', description: '' },
    });
    expect(org).toMatchObject({ name: 'Riverside Bcc: x@y' });
    const s = read({
      contacts: [{ id: '5b8e7c1c-0c1d-4f4e-9d57-2b3d1c2e4a11', name: 'Sam\nRivers', title: 'Lead\r\n\tworker' }],
    }) as ImportedService;
    expect(s.contacts[0]).toMatchObject({ name: 'Sam Rivers', title: 'Lead worker' });
  });

  it('a venue’s postcode is read in its own spelling; a point off the globe is dropped for the postcode to place it', () => {
    const sal = structuredClone((record!.service_at_locations as Record<string, unknown>[])[0]!) as {
      location: { latitude: number; longitude: number; addresses: { postal_code: string }[] };
    };
    sal.location.addresses[0]!.postal_code = ' se64ru ';
    sal.location.latitude = 100;
    const [venue] = (read({ service_at_locations: [sal] }) as ImportedService).locations;
    expect(venue).toMatchObject({ postcode: 'SE6 4RU', latitude: null });
    expect(venue!.longitude).toBe(sal.location.longitude);
  });

  it('anything where a record should be (null, a number) has no organisation and is refused with a reason', () => {
    for (const odd of [null, 7, 'text']) {
      expect(organisationOf(odd)).toBeNull();
      expect(fromOruk(odd)).toMatch(/not a valid Open Referral service/);
    }
  });

  it('a schedule date the calendar lacks (30 February) is dropped, not rolled over or stored as given', () => {
    const schedule = { ...(record!.schedules as Record<string, unknown>[])[0], opens_at: '09:00' };
    const datesOf = (valid_from: string, valid_to: string) => {
      const [s] = (read({ schedules: [{ ...schedule, valid_from, valid_to }] }) as ImportedService).schedules;
      return [s!.validFrom, s!.validTo];
    };
    expect(datesOf('2026-02-30', '2026-04-31')).toEqual([null, null]);
    expect(datesOf('2028-02-29', '2028-04-30')).toEqual(['2028-02-29', '2028-04-30']);
    expect(datesOf('2027-02-29', '2027-13-01')).toEqual([null, null]);
  });

  it('gives each venue the feed’s service_at_location id, unique within the service', () => {
    const sal = (record!.service_at_locations as Record<string, unknown>[])[0]!;
    expect((read({}) as ImportedService).locations.map((l) => l.externalId)).toEqual([sal.id]);
    const twice = read({ service_at_locations: [sal, sal] }) as ImportedService;
    expect(twice.locations.map((l) => l.externalId)).toEqual([sal.id, `${sal.id}#1`]);
  });
});

describe('likeLiteral', () => {
  it('matches what was typed literally: %, _ and \\ are not wildcards', () => {
    expect(likeLiteral('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(likeLiteral('club')).toBe('%club%');
  });
});
