import { lazy } from 'solid-js';

// Every page is its own chunk: the first page loads only what it shows.
export const pages = {
  search: lazy(() => import('./pages/search/SearchPage')),
  service: lazy(() => import('./pages/search/ServicePage')),
  signIn: lazy(() => import('./pages/auth/SignInPage')),
  resetPassword: lazy(() => import('./pages/auth/ResetPasswordPage')),
  account: lazy(() => import('./pages/auth/AccountPage')),
  forgotPassword: lazy(() => import('./pages/auth/ForgotPasswordPage')),
  caseload: lazy(() => import('./pages/linkworker/CaseloadPage')),
  child: lazy(() => import('./pages/linkworker/ChildPage')),
  consent: lazy(() => import('./pages/linkworker/ConsentPage')),
  commission: lazy(() => import('./pages/linkworker/CommissionPage')),
  commissions: lazy(() => import('./pages/commissions/CommissionsPage')),
  commissionDetail: lazy(() => import('./pages/commissions/CommissionDetailPage')),
  notifications: lazy(() => import('./pages/commissions/NotificationsPage')),
  emailSettings: lazy(() => import('./pages/commissions/EmailSettingsPage')),
  organisation: lazy(() => import('./pages/provider/OrganisationPage')),
  listings: lazy(() => import('./pages/provider/ListingsPage')),
  listingForm: lazy(() => import('./pages/provider/ListingFormPage')),
  approvals: lazy(() => import('./pages/commissioner/ApprovalsPage')),
  funding: lazy(() => import('./pages/commissioner/FundingPage')),
  fundingPotHistory: lazy(() => import('./pages/commissioner/FundingPotHistoryPage')),
  spend: lazy(() => import('./pages/commissioner/SpendPage')),
  budgetYear: lazy(() => import('./pages/commissioner/BudgetYearPage')),
  audit: lazy(() => import('./pages/commissioner/AuditPage')),
  users: lazy(() => import('./pages/admin/UsersPage')),
  schools: lazy(() => import('./pages/admin/SchoolsPage')),
  settings: lazy(() => import('./pages/admin/SettingsPage')),
  imports: lazy(() => import('./pages/admin/ImportsPage')),
  measures: lazy(() => import('./pages/admin/MeasuresPage')),
  outcomes: lazy(() => import('./pages/commissioner/OutcomesPage')),
  addChild: lazy(() => import('./pages/linkworker/AddChildPage')),
  caseloads: lazy(() => import('./pages/admin/CaseloadsPage')),
  cohortImport: lazy(() => import('./pages/admin/CohortImportPage')),
  approvedServices: lazy(() => import('./pages/commissioner/ApprovedServicesPage')),
  listingChanges: lazy(() => import('./pages/listings/ListingChangesPage')),
  listingHistory: lazy(() => import('./pages/listings/ListingHistoryPage')),
  shortlists: lazy(() => import('./pages/linkworker/ShortlistsPage')),
  shortlist: lazy(() => import('./pages/linkworker/ShortlistPage')),
  join: lazy(() => import('./pages/auth/JoinPage')),
  organisations: lazy(() => import('./pages/admin/OrganisationsPage')),
  staff: lazy(() => import('./pages/provider/StaffPage')),
  districtFunds: lazy(() => import('./pages/commissioner/DistrictFundsPage')),
  districtUtilisation: lazy(() => import('./pages/commissioner/UtilisationPage')),
  contracts: lazy(() => import('./pages/commissioner/ContractsPage')),
  contractsEndingSoon: lazy(() => import('./pages/commissioner/ContractsEndingSoonPage')),
  paymentRuns: lazy(() => import('./pages/commissioner/PaymentRunsPage')),
  providerContracts: lazy(() => import('./pages/provider/ContractsPage')),
  remittances: lazy(() => import('./pages/provider/RemittancesPage')),
  pipeline: lazy(() => import('./pages/provider/PipelinePage')),
  schoolOverview: lazy(() => import('./pages/leads/SchoolOverviewPage')),
  district: lazy(() => import('./pages/leads/DistrictPage')),
  localOffer: lazy(() => import('./pages/leads/LocalOfferPage')),
  dashboard: lazy(() => import('./pages/dashboard/DashboardPage')),
  localOfferIndex: lazy(() => import('./pages/leads/LocalOfferPage').then((m) => ({ default: m.LocalOfferIndexPage }))),
  unmetNeed: lazy(() => import('./pages/commissioner/UnmetNeedPage')),
  recordUnmetNeed: lazy(() => import('./pages/linkworker/RecordUnmetNeedPage')),
  notFound: lazy(() => import('./pages/NotFoundPage')),
};

type Role = 'LINK_WORKER' | 'PROVIDER' | 'COMMISSIONER' | 'ADMIN' | 'DISTRICT_LEAD' | 'SCHOOL_LEAD';
const SIGNED_IN: Role[] = ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN', 'DISTRICT_LEAD', 'SCHOOL_LEAD'];

/** Who may use each page (first match wins); pages not listed are public. */
const ACCESS: [RegExp, Role[], string][] = [
  [/^\/services\/[^/]+\/commission\/?$/, ['LINK_WORKER'], 'link workers'],
  [/^\/add-child\/?$/, ['LINK_WORKER', 'ADMIN'], 'link workers and administrators'],
  [/^\/(caseload|children)(\/|$)/, ['LINK_WORKER'], 'link workers'],
  [/^\/shortlists(\/|$)/, ['LINK_WORKER'], 'link workers'],
  [/^\/commissions\/[^/]+/, ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER'], 'link workers, providers and commissioners'],
  [/^\/commissions\/?$/, ['LINK_WORKER', 'COMMISSIONER'], 'link workers and commissioners'],
  [/^\/provider(\/|$)/, ['PROVIDER'], 'providers'],
  [/^\/(approvals|funding|spend)(\/|$)/, ['COMMISSIONER'], 'commissioners'],
  [/^\/approved-services(\/|$)/, ['COMMISSIONER'], 'commissioners'],
  [/^\/(district-funds|contracts|payment-runs)(\/|$)/, ['COMMISSIONER'], 'commissioners'],
  [/^\/district-utilisation(\/|$)/, ['COMMISSIONER', 'DISTRICT_LEAD'], 'commissioners and district leads'],
  [/^\/budget-year(\/|$)/, ['COMMISSIONER'], 'commissioners'],
  [/^\/outcomes(\/|$)/, ['COMMISSIONER', 'PROVIDER'], 'commissioners and providers'],
  [/^\/audit(\/|$)/, ['COMMISSIONER', 'ADMIN'], 'commissioners and administrators'],
  [/^\/unmet-need\/record\/?$/, ['LINK_WORKER'], 'link workers'],
  [/^\/unmet-need\/?$/, ['COMMISSIONER', 'ADMIN'], 'commissioners and administrators'],
  [/^\/admin(\/|$)/, ['ADMIN'], 'administrators'],
  [/^\/school\/?$/, ['SCHOOL_LEAD'], 'school leads'],
  [/^\/district\/?$/, ['DISTRICT_LEAD'], 'district leads'],
  [/^\/listing-changes\/?$/, ['COMMISSIONER', 'ADMIN'], 'commissioners and administrators'],
  [
    /^\/listings\/[^/]+\/history\/?$/,
    ['PROVIDER', 'COMMISSIONER', 'ADMIN'],
    'providers, commissioners and administrators',
  ],
  [
    /^\/local-offer(\/|$)/,
    ['LINK_WORKER', 'COMMISSIONER', 'ADMIN', 'DISTRICT_LEAD', 'SCHOOL_LEAD'],
    'link workers, commissioners, administrators and district and school leads',
  ],
  [/^\/notifications(\/|$)/, SIGNED_IN, 'people who are signed in'],
  [/^\/dashboard\/?$/, SIGNED_IN, 'people who are signed in'],
  [/^\/account\/?$/, SIGNED_IN, 'people who are signed in'],
  [/^\/email-settings\/?$/, SIGNED_IN, 'people who are signed in'],
];

/** The roles that may open a path and who they are, or null for a public page. */
export function accessFor(pathname: string): { roles: Role[]; who: string } | null {
  const match = ACCESS.find(([pattern]) => pattern.test(pathname));
  return match ? { roles: match[1], who: match[2] } : null;
}

/** A menu item; one with a `section` leads to its first page and is current on all of them (a sub-menu shows them). */
export type NavItem = { href: string; label: string; section?: { href: string; label: string }[] };

/** A menu item is current on its page and its sub-pages, not on a sibling sharing a prefix (/district-utilisation). */
export const navItemIsCurrent = (pathname: string, href: string): boolean =>
  href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);

/** The same for a menu item, counting the pages of its section. */
export const navIsCurrent = (pathname: string, item: NavItem): boolean =>
  item.section
    ? item.section.some((page) => navItemIsCurrent(pathname, page.href))
    : navItemIsCurrent(pathname, item.href);

/** The navigation each role is offered; pages a role may not use are not listed. */
export const NAV: Record<string, NavItem[]> = {
  SIGNED_OUT: [{ href: '/', label: 'Find services' }],
  LINK_WORKER: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/', label: 'Find services' },
    { href: '/caseload', label: 'Caseload' },
    { href: '/commissions', label: 'Commissions' },
    { href: '/shortlists', label: 'Shortlists' },
    { href: '/notifications', label: 'Notifications' },
  ],
  PROVIDER: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/provider/commissions', label: 'Commissions' },
    { href: '/provider/listings', label: 'Listings' },
    { href: '/provider/organisation', label: 'Organisation' },
    { href: '/provider/staff', label: 'Staff' },
    { href: '/provider/contracts', label: 'Contracts' },
    { href: '/provider/remittances', label: 'Remittances' },
    { href: '/provider/pipeline', label: 'Pipeline' },
    { href: '/outcomes', label: 'Outcomes' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/', label: 'Directory' },
  ],
  // Grouped so the menu fits a phone: money pages and service-quality pages are sections with a sub-menu
  // (and headings on the dashboard). A new page joins the section it belongs to, not the top row.
  COMMISSIONER: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/approvals', label: 'Approvals' },
    { href: '/commissions', label: 'Commissions' },
    {
      href: '/funding',
      label: 'Money',
      section: [
        { href: '/funding', label: 'Funding' },
        { href: '/spend', label: 'Spend' },
        { href: '/district-funds', label: 'District funds' },
        { href: '/district-utilisation', label: 'District utilisation' },
        { href: '/contracts', label: 'Contracts' },
        { href: '/payment-runs', label: 'Payment runs' },
        { href: '/budget-year', label: 'Budget year' },
      ],
    },
    {
      href: '/approved-services',
      label: 'Services and outcomes',
      section: [
        { href: '/approved-services', label: 'Approved services' },
        { href: '/listing-changes', label: 'Listing changes' },
        { href: '/outcomes', label: 'Outcomes' },
        { href: '/unmet-need', label: 'Unmet need' },
        { href: '/audit', label: 'Audit' },
      ],
    },
    { href: '/notifications', label: 'Notifications' },
    { href: '/', label: 'Directory' },
  ],
  DISTRICT_LEAD: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/district', label: 'Your district' },
    { href: '/district-utilisation', label: 'District utilisation' },
    { href: '/local-offer', label: 'Local offer' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/', label: 'Find services' },
  ],
  SCHOOL_LEAD: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/school', label: 'Your school' },
    { href: '/local-offer', label: 'Local offer' },
    { href: '/notifications', label: 'Notifications' },
    { href: '/', label: 'Find services' },
  ],
  ADMIN: [
    { href: '/dashboard', label: 'Dashboard' },
    { href: '/admin/users', label: 'Users' },
    { href: '/admin/organisations', label: 'Organisations' },
    { href: '/admin/caseloads', label: 'Caseloads' },
    { href: '/admin/schools', label: 'Schools' },
    { href: '/admin/settings', label: 'Settings' },
    { href: '/admin/imports', label: 'Imports' },
    { href: '/admin/measures', label: 'Measures' },
    { href: '/unmet-need', label: 'Unmet need' },
    { href: '/listing-changes', label: 'Listing changes' },
    { href: '/audit', label: 'Audit' },
    { href: '/', label: 'Directory' },
  ],
};
