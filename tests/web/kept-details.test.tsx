// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detailsFromService, detailsToInput } from '../../web/src/components/ListingDetailsFields';
import { EMPTY_LISTING, ListingForm, type ListingValues } from '../../web/src/components/ListingForm';

afterEach(cleanup);

// A claimed imported listing's monthly and fortnightly openings and its areas' shapes: the form
// shows the openings as words it cannot edit and sends them, and the areas, back as they were.
const rule = { validFrom: null, validTo: null, opensAt: null, closesAt: null, description: '', byMonthDay: [] };
const monthly = {
  ...rule,
  days: ['MO', 'FR'] as ('MO' | 'FR')[],
  opensAt: '10:00',
  closesAt: '12:00',
  freq: 'MONTHLY' as const,
  interval: 1,
  dtstart: null,
  byDayInMonth: ['1MO', '-1FR'],
};
const fortnightly = {
  ...rule,
  days: ['WE' as const],
  freq: 'WEEKLY' as const,
  interval: 2,
  dtstart: '2026-01-07',
  byDayInMonth: [],
};
const weekly = {
  ...rule,
  days: ['TU' as const],
  freq: 'WEEKLY' as const,
  interval: 1,
  dtstart: null,
  byDayInMonth: [],
};
// A weekly opening for a term only: the form's weekly rows have no dates, so it is kept whole.
const termOnly = { ...weekly, days: ['TH' as const], validFrom: '2026-01-05', validTo: '2026-03-27' };
const area = {
  name: 'Lewisham',
  description: '',
  extent: '{"type":"Polygon"}',
  extentType: 'geojson',
  uri: null,
  serviceArea: 'LB Lewisham',
};
const service = {
  schedules: [monthly, fortnightly, termOnly, weekly],
  languages: [],
  costOptions: [],
  contacts: [],
  serviceAreas: [area],
  locations: [],
};

describe('what the form keeps of an imported listing', () => {
  it('shows a non-weekly opening as words, kept as imported, and sends it back unchanged', () => {
    const onSubmit = vi.fn<(v: ListingValues) => void>();
    const initial = { ...EMPTY_LISTING, details: detailsFromService(service) };
    render(() => <ListingForm initial={initial} categories={[]} errors={[]} submitLabel="Save" onSubmit={onSubmit} />);
    const kept = screen.getByTestId('kept-schedules').textContent;
    expect(kept).toContain('Every month on the first Monday, the last Friday, 10:00 to 12:00 (kept as imported)');
    expect(kept).toContain('Every 2 weeks on Wednesday, counted from 2026-01-07 (kept as imported)');
    expect(kept).toContain('Every week on Thursday, from 2026-01-05, until 2026-03-27 (kept as imported)');
    // Only the weekly one is an editable row.
    expect(screen.getAllByLabelText('Monday')).toHaveLength(1);
    fireEvent.input(screen.getByLabelText('Areas served (optional)'), { target: { value: 'Lewisham, Catford' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const input = detailsToInput(onSubmit.mock.calls[0]![0].details);
    expect(input.schedules).toEqual([
      monthly,
      fortnightly,
      termOnly,
      { days: ['TU'], opensAt: null, closesAt: null, description: '' },
    ]);
    expect(input.serviceAreas).toEqual([area, { name: 'Catford' }]);
  });
});
