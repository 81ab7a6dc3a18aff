// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fundFieldErrors } from '../../web/src/components/FundFormulaFields';

// The district fund form links each error from the API to the box it is about (GOV.UK error summary).
describe('fundFieldErrors', () => {
  it('points a factor row’s error at that row’s box, and CSV, formula, name and total errors at theirs', () => {
    const fieldErrors = [
      { path: ['input', 'factors', '3', 'pupilsOnRoll'], message: 'a' },
      { path: ['input', 'factors', '0', 'deprivationIndex'], message: 'b' },
      { path: ['input', 'factorsCsv', '4'], message: 'c' },
      { path: ['input', 'formula', 'deprivationWeight'], message: 'd' },
      { path: ['input', 'formula', 'name'], message: 'e' },
      { path: ['input', 'name'], message: 'f' },
      { path: ['input', 'totalPence'], message: 'g' },
      { path: ['input', 'factors'], message: 'h' },
    ];
    expect(fundFieldErrors({ message: 'The CSV has errors', extensions: { fieldErrors } })).toEqual([
      { field: 'pupils-3', message: 'a' },
      { field: 'deprivation-0', message: 'b' },
      { field: 'factorsCsv', message: 'c' },
      { field: 'deprivationWeight', message: 'd' },
      { field: 'formulaName', message: 'e' },
      { field: 'fundName', message: 'f' },
      { field: 'fundTotal', message: 'g' },
      { message: 'h' },
    ]);
  });

  it('without field errors shows the message, or asks to try again when nothing came back', () => {
    expect(fundFieldErrors({ message: 'Only commissioners' })).toEqual([{ message: 'Only commissioners' }]);
    expect(fundFieldErrors({ extensions: { message: 'Not found' } })).toEqual([{ message: 'Not found' }]);
    expect(fundFieldErrors(undefined)).toEqual([{ message: 'Could not preview just now; try again' }]);
  });
});
