// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formErrors } from '../../web/src/components/ErrorSummary';
import {
  EMPTY_LISTING,
  LISTING_FIELD_IDS,
  ListingForm,
  type ListingValues,
} from '../../web/src/components/ListingForm';

const categories = [
  { value: 'cat-1', label: 'Family support: Family therapy' },
  { value: 'cat-2', label: 'Learning: 1:1 tuition' },
];

afterEach(cleanup);

describe('ListingForm', () => {
  it('submits what was entered', () => {
    const onSubmit = vi.fn<(v: ListingValues) => void>();
    render(() => (
      <ListingForm
        initial={EMPTY_LISTING}
        categories={categories}
        errors={[]}
        submitLabel="Save as draft"
        onSubmit={onSubmit}
      />
    ));
    fireEvent.input(screen.getByLabelText('Service name'), { target: { value: 'Teen talk' } });
    fireEvent.click(screen.getByLabelText('Learning: 1:1 tuition'));
    fireEvent.click(screen.getByLabelText('Online'));
    fireEvent.input(screen.getByLabelText('Price per unit'), { target: { value: '45.50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      name: 'Teen talk',
      categoryIds: ['cat-2'],
      deliveryModes: ['ONLINE'],
      price: '45.50',
      free: false,
    });
  });

  it('shows every API validation error in the summary and beside its field', () => {
    const apiResult = {
      __typename: 'ValidationError',
      message: 'Enter the service name',
      fieldErrors: [
        { path: ['input', 'name'], message: 'Enter the service name' },
        { path: ['input', 'maxAge'], message: 'Maximum age must be the same as or more than the minimum age' },
        { path: ['input', 'unitPricePence'], message: 'A service commissioned through the portal needs a price' },
        { path: ['input', 'locations', '0', 'postcode'], message: 'Enter a real UK postcode, like SE6 4RU' },
      ],
    };
    const errors = formErrors(apiResult, LISTING_FIELD_IDS);
    render(() => (
      <ListingForm
        initial={EMPTY_LISTING}
        categories={categories}
        errors={errors}
        submitLabel="Save"
        onSubmit={() => {}}
      />
    ));
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('There is a problem');
    const links = Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#name', '#maxAge', '#price', '#locationPostcode']);
    for (const id of ['name', 'maxAge', 'price', 'locationPostcode']) {
      expect(document.getElementById(`${id}-error`)?.textContent, id).toBeTruthy();
      expect(document.getElementById(id)?.getAttribute('aria-describedby')).toContain(`${id}-error`);
    }
    expect(document.activeElement).toBe(summary);
  });

  it('hides price fields for a free service and stops it being commissionable', () => {
    const onSubmit = vi.fn<(v: ListingValues) => void>();
    render(() => (
      <ListingForm initial={EMPTY_LISTING} categories={categories} errors={[]} submitLabel="Save" onSubmit={onSubmit} />
    ));
    fireEvent.click(screen.getByLabelText('This service is free'));
    expect(screen.queryByLabelText('Price per unit')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ free: true, commissionable: false });
  });

  it('the venue access hint points to the venue fields where they are: above it (audit 58)', () => {
    render(() => (
      <ListingForm initial={EMPTY_LISTING} categories={categories} errors={[]} submitLabel="Save" onSubmit={() => {}} />
    ));
    const hint = document.getElementById('accessibility-hint')!;
    expect(hint.textContent).toBe('Only for the venue given above');
    for (const venueField of ['Venue name', 'Address', 'Postcode'])
      expect(screen.getByLabelText(venueField).compareDocumentPosition(hint)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });
});
