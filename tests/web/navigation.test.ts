import { describe, expect, it } from 'vitest';
import { NAV, navIsCurrent } from '../../web/src/routes';

const currentItems = (role: string, pathname: string) =>
  (NAV[role] ?? []).filter((item) => navIsCurrent(pathname, item)).map((item) => item.label);
/** Every page a role's menu leads to, section pages included. */
const pagesOf = (role: string) =>
  (NAV[role] ?? []).flatMap((item) => [item.href, ...(item.section ?? []).map((p) => p.href)]);

describe('the menu marks one item as the current page', () => {
  it('a district lead on utilisation: only "District utilisation", not "Your district" (/district is a prefix)', () => {
    expect(currentItems('DISTRICT_LEAD', '/district-utilisation')).toEqual(['District utilisation']);
    expect(currentItems('DISTRICT_LEAD', '/district')).toEqual(['Your district']);
  });
  it('sub-pages keep their section current; the directory only on its own page', () => {
    expect(currentItems('LINK_WORKER', '/commissions/Q29tbWlzc2lvbjox')).toEqual(['Commissions']);
    expect(currentItems('LINK_WORKER', '/')).toEqual(['Find services']);
    expect(currentItems('LINK_WORKER', '/shortlists/3')).toEqual(['Shortlists']);
  });
  it('a commissioner’s money and service pages mark their section, not a prefix sibling', () => {
    expect(currentItems('COMMISSIONER', '/district-utilisation')).toEqual(['Money']);
    expect(currentItems('COMMISSIONER', '/payment-runs')).toEqual(['Money']);
    expect(currentItems('COMMISSIONER', '/audit')).toEqual(['Services and outcomes']);
    expect(currentItems('COMMISSIONER', '/dashboard')).toEqual(['Dashboard']);
  });
  it('no role has two current items on any of its own pages, section pages included', () => {
    for (const role of Object.keys(NAV))
      for (const href of pagesOf(role)) expect(currentItems(role, href), `${role} ${href}`).toHaveLength(1);
  });
  it('the commissioner’s menu fits a phone: at most eight top-level items, every page still reachable', () => {
    expect(NAV.COMMISSIONER!.length).toBeLessThanOrEqual(8);
    for (const href of [
      '/funding',
      '/spend',
      '/district-funds',
      '/district-utilisation',
      '/contracts',
      '/payment-runs',
      '/budget-year',
      '/outcomes',
      '/approved-services',
      '/audit',
      '/listing-changes',
      '/approvals',
      '/commissions',
    ])
      expect(pagesOf('COMMISSIONER'), href).toContain(href);
  });
  it('every role lands on its dashboard, first in its menu', () => {
    for (const role of Object.keys(NAV).filter((r) => r !== 'SIGNED_OUT'))
      expect(NAV[role]![0]!.href, role).toBe('/dashboard');
  });
});
