// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../web/src/components/DateInput';
import { ageOn, fitProblems } from '../../web/src/components/FitWarnings';
import { noteText } from '../../web/src/components/PostcodeNote';
import {
  ages,
  childCount,
  commissionAmount,
  formatPostcode,
  miles,
  month,
  paidOnCompletion,
  percent,
  placesUnderContract,
  underContract,
  units,
} from '../../web/src/lib/format';

describe('words and numbers as people read them', () => {
  it('formats postcodes as written on letters', () => {
    expect(formatPostcode('se64ru')).toBe('SE6 4RU');
    expect(formatPostcode(' se15  4ql ')).toBe('SE15 4QL');
    expect(formatPostcode('se6')).toBe('SE6');
  });
  it('says a postcode that has ended is no longer in use, and when, and where distances are measured from', () => {
    expect(month('2012-12')).toBe('December 2012');
    const m = { postcode: 'SE15 8ZZ', outward: 'SE15', precision: 'OUTWARD', endedOn: '2012-12' };
    expect(noteText(m)).toBe(
      'SE15 8ZZ is no longer in use (it ended in December 2012), so distances are measured from the middle of the SE15 area.',
    );
    expect(noteText({ ...m, precision: 'UNKNOWN' })).toBe('SE15 8ZZ is no longer in use (it ended in December 2012).');
    expect(noteText({ ...m, endedOn: null })).toBe(
      'We do not have the exact location of SE15 8ZZ, so distances are measured from the middle of the SE15 area.',
    );
    expect(noteText({ ...m, precision: 'FULL', endedOn: null })).toBeNull();
  });
  it('gives distances in miles, one decimal, singular for one', () => {
    expect(miles(1.609344)).toBe('1 mile');
    expect(miles(5)).toBe('3.1 miles');
    expect(miles(0.3)).toBe('0.2 miles');
  });
  it('says a listing’s ages, to 120 (an import that stated no maximum) as no upper limit', () => {
    expect(ages(5, 16)).toBe('Ages 5 to 16');
    expect(ages(18, 120)).toBe('Ages 18 and over');
    expect(ages(0, 120)).toBe('All ages');
    const child = { firstName: 'Ava', dateOfBirth: '2012-01-01' };
    expect(fitProblems(child, { minAge: 18, maxAge: 120 }, 1)[0]).toMatch(/this service is for ages 18 and over\./);
  });
  it('says places under a block contract in one phrase, as each screen’s sentence uses it', () => {
    expect(placesUnderContract(1, 'BC-12')).toBe('1 place under contract BC-12');
    expect(placesUnderContract(3, 'BC-12')).toBe('3 places under contract BC-12');
    expect(`paid ${underContract('BC-12')}`).toBe('paid under contract BC-12');
    const c = { units: 2, unitPricePence: 0, amountPence: 0, service: { unitName: 'session' } };
    expect(commissionAmount({ ...c, contract: { reference: 'BC-12', pricePerPlacePence: 9000 } })).toBe(
      '2 places under contract BC-12 (£90.00 a place), paid by the contract',
    );
    expect(
      commissionAmount({
        ...c,
        unitPricePence: 9000,
        amountPence: 9000,
        units: 1,
        stretch: true,
        contract: { reference: 'BC-12', pricePerPlacePence: 9000 },
      }),
    ).toBe('1 place beyond contract BC-12 × £90.00 = £90.00, from the child’s budget');
  });
  it('names units in the right number', () => {
    expect(units(1, 'term')).toBe('1 term');
    expect(units(8, 'session')).toBe('8 sessions');
    expect(units(2, null)).toBe('2 units');
  });
  it('counts children in the right number, and shares to one decimal place', () => {
    expect(childCount(1)).toBe('1 child');
    expect(childCount(21)).toBe('21 children');
    expect(percent(0.0023)).toBe('0.2%');
    expect(percent(0.5)).toBe('50%');
  });
  it('says what a completed commission paid, and what went back when fewer units were delivered', () => {
    expect(paidOnCompletion({ unitsDelivered: 3, unitPricePence: 4500, amountPence: 31_500 })).toBe(
      '£135.00 (£180.00 went back to the child’s budget)',
    );
    expect(paidOnCompletion({ unitsDelivered: 7, unitPricePence: 4500, amountPence: 31_500 })).toBe('£315.00');
  });
  it('reads a GOV.UK date input only when it is a real date', () => {
    expect(isoDate({ day: '27', month: '3', year: '2026' })).toBe('2026-03-27');
    expect(isoDate({ day: '31', month: '2', year: '2026' })).toBeNull();
    expect(isoDate({ day: '', month: '3', year: '2026' })).toBeNull();
    expect(isoDate({ day: '1', month: '13', year: '2026' })).toBeNull();
  });
});

describe('fit between a child and a service', () => {
  it('counts age in whole years, birthdays included', () => {
    expect(ageOn('2012-06-15', new Date('2026-06-14'))).toBe(13);
    expect(ageOn('2012-06-15', new Date('2026-06-15'))).toBe(14);
  });
  it('warns when the age is outside the range or there are no places, and not otherwise', () => {
    // Fourteen and a half: 14 on any day, in any time zone (a birthday exactly 14 years ago is the
    // day after on 29 February, or off by a day where the local date is not the UTC one).
    const dob = new Date(Date.now() - 14.5 * 365.25 * 86_400_000);
    const child = { firstName: 'Kwame', dateOfBirth: dob.toISOString().slice(0, 10) };
    expect(fitProblems(child, { minAge: 7, maxAge: 12, isFull: false }, 2)).toEqual([
      'Kwame is 14: this service is for ages 7 to 12. Check with the provider first.',
    ]);
    expect(fitProblems(child, { minAge: 11, maxAge: 16, isFull: false }, 2)).toEqual([]);
    expect(fitProblems(child, { minAge: 11, maxAge: 16, isFull: true }, 2)).toHaveLength(1);
  });
});
