import { describe, expect, it } from 'vitest';
import { clock, DAYS, dayList } from '../../web/src/lib/format';
import { ACCESS, listParam, openingLine, telHref } from '../../web/src/pages/search/search-url';

describe('how a result writes its opening times and telephone link', () => {
  it('times in GOV.UK style', () => {
    expect(['09:00', '12:00', '13:30', '16:00', '00:00', '23:45'].map(clock)).toEqual([
      '9am',
      'midday',
      '1:30pm',
      '4pm',
      'midnight',
      '11:45pm',
    ]);
  });
  it('days: a run of three or more as a range, others listed, in week order', () => {
    expect(dayList(['FR', 'MO', 'TU', 'WE', 'TH'])).toBe('Monday to Friday');
    expect(dayList(['TH', 'TU'])).toBe('Tuesday and Thursday');
    expect(dayList(['MO', 'WE', 'FR'])).toBe('Monday, Wednesday and Friday');
    expect(dayList(['SU'])).toBe('Sunday');
  });
  it('an opening without times says its days, or its description', () => {
    expect(openingLine({ days: ['SA'], opensAt: '10:00', closesAt: '13:00', description: '' })).toBe(
      'Saturday, 10am to 1pm',
    );
    expect(openingLine({ days: ['SA'], opensAt: null, closesAt: null, description: '' })).toBe('Saturday');
    expect(openingLine({ days: [], opensAt: null, closesAt: null, description: 'Term time' })).toBe('Term time');
  });
  it('a tel: link keeps only digits and a leading plus', () => {
    expect(telHref('020 8123 4567')).toBe('tel:02081234567');
    expect(telHref('+44 (0)20 8123-4567')).toBe('tel:+4402081234567');
  });
  it('address lists keep only known values', () => {
    expect(listParam('SA,XX,SU', DAYS)).toEqual(['SA', 'SU']);
    expect(listParam(undefined, ACCESS)).toEqual([]);
    expect(listParam('HEARING_LOOP,<script>', ACCESS)).toEqual(['HEARING_LOOP']);
  });
});
