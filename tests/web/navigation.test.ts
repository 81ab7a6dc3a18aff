import { describe, expect, it } from 'vitest';
import { NAV, navItemIsCurrent } from '../../web/src/routes';

const currentItems = (role: string, pathname: string) =>
  (NAV[role] ?? []).filter((item) => navItemIsCurrent(pathname, item.href)).map((item) => item.label);

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
  it('no role has two current items on any of its own pages', () => {
    for (const [role, items] of Object.entries(NAV))
      for (const { href } of items) expect(currentItems(role, href), `${role} ${href}`).toHaveLength(1);
  });
});
