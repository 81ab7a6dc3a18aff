// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formErrors } from '../../web/src/components/ErrorSummary';
import { detailsToInput } from '../../web/src/components/ListingDetailsFields';
import {
  EMPTY_LISTING,
  LISTING_FIELD_IDS,
  ListingForm,
  type ListingValues,
} from '../../web/src/components/ListingForm';

afterEach(cleanup);

describe('the listing form’s opening times, languages, access, costs and contacts', () => {
  it('collects them and turns them into the API input', () => {
    const onSubmit = vi.fn<(v: ListingValues) => void>();
    render(() => (
      <ListingForm initial={EMPTY_LISTING} categories={[]} errors={[]} submitLabel="Save" onSubmit={onSubmit} />
    ));
    fireEvent.click(screen.getByRole('button', { name: 'Add an opening time' }));
    fireEvent.click(screen.getByLabelText('Saturday'));
    fireEvent.input(screen.getByLabelText('Opens (24-hour, like 09:30)'), { target: { value: '10:00' } });
    fireEvent.input(screen.getByLabelText('Closes (24-hour, like 16:00)'), { target: { value: '16:30' } });
    fireEvent.input(screen.getByLabelText('Languages it is delivered in (optional)'), {
      target: { value: 'English,  Polish ,' },
    });
    fireEvent.click(screen.getByLabelText('Hearing loop'));
    fireEvent.click(screen.getByRole('button', { name: 'Add a cost' }));
    fireEvent.input(screen.getByLabelText('Amount (empty if it states none)'), { target: { value: '2.50' } });
    fireEvent.input(screen.getByLabelText('Per'), { target: { value: 'per session' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a contact' }));
    fireEvent.input(screen.getByLabelText('Phone numbers (optional)'), {
      target: { value: '020 7946 0000, 07700 900123' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const details = onSubmit.mock.calls[0]![0].details;
    expect(details.accessibility).toEqual(['HEARING_LOOP']);
    expect(detailsToInput(details)).toEqual({
      schedules: [{ days: ['SA'], opensAt: '10:00', closesAt: '16:30', description: '' }],
      languages: [{ name: 'English' }, { name: 'Polish' }],
      costOptions: [{ amountPence: 250, per: 'per session', conditions: '' }],
      contacts: [
        { name: '', title: '', email: null, phones: [{ number: '020 7946 0000' }, { number: '07700 900123' }] },
      ],
      serviceAreas: [],
    });
  });

  it('puts an API error about an opening time beside the first opening time', () => {
    const errors = formErrors(
      {
        __typename: 'ValidationError',
        fieldErrors: [
          { path: ['input', 'schedules', '0', 'closesAt'], message: 'Closing time must be after opening time' },
        ],
      },
      LISTING_FIELD_IDS,
    );
    render(() => (
      <ListingForm
        initial={{
          ...EMPTY_LISTING,
          details: {
            ...EMPTY_LISTING.details,
            schedules: [{ days: ['SA'], opensAt: '18:00', closesAt: '09:00', description: '' }],
          },
        }}
        categories={[]}
        errors={errors}
        submitLabel="Save"
        onSubmit={() => {}}
      />
    ));
    expect(screen.getByRole('link', { name: 'Closing time must be after opening time' }).getAttribute('href')).toBe(
      '#schedule-0-closesAt',
    );
    expect(document.getElementById('schedule-0-closesAt-error')?.textContent).toContain('Closing time must be after');
  });
});
