import { Route, Router } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { Layout } from './components/Layout';
import { SessionProvider } from './lib/session';
import { client } from './lib/urql';
import { pages } from './routes';

export function App() {
  return (
    <Provider value={client}>
      <SessionProvider>
        <Router root={Layout}>
          <Route path="/" component={pages.search} />
          <Route path="/services/:id" component={pages.service} />
          <Route path="/sign-in" component={pages.signIn} />
          <Route path="/reset-password" component={pages.resetPassword} />
          <Route path="/account" component={pages.account} />
          <Route path="/forgot-password" component={pages.forgotPassword} />
          <Route path="/caseload" component={pages.caseload} />
          <Route path="/children/:id" component={pages.child} />
          <Route path="/children/:id/consent" component={pages.consent} />
          <Route path="/services/:id/commission" component={pages.commission} />
          <Route path="/commissions" component={pages.commissions} />
          <Route path="/commissions/:id" component={pages.commissionDetail} />
          <Route path="/provider/commissions" component={pages.commissions} />
          <Route path="/approvals" component={pages.approvals} />
          <Route path="/notifications" component={pages.notifications} />
          <Route path="/email-settings" component={pages.emailSettings} />
          <Route path="/local-offer" component={pages.localOfferIndex} />
          <Route path="/local-offer/:district" component={pages.localOffer} />
          <Route path="/provider/organisation" component={pages.organisation} />
          <Route path="/provider/listings" component={pages.listings} />
          <Route path="/provider/listings/new" component={pages.listingForm} />
          <Route path="/provider/listings/:id/edit" component={pages.listingForm} />
          <Route path="/funding" component={pages.funding} />
          <Route path="/funding/pots/:id" component={pages.fundingPotHistory} />
          <Route path="/budget-year" component={pages.budgetYear} />
          <Route path="/spend" component={pages.spend} />
          <Route path="/outcomes" component={pages.outcomes} />
          <Route path="/unmet-need" component={pages.unmetNeed} />
          <Route path="/unmet-need/record" component={pages.recordUnmetNeed} />
          <Route path="/approved-services" component={pages.approvedServices} />
          <Route path="/audit" component={pages.audit} />
          <Route path="/admin/users" component={pages.users} />
          <Route path="/admin/schools" component={pages.schools} />
          <Route path="/admin/settings" component={pages.settings} />
          <Route path="/admin/imports" component={pages.imports} />
          <Route path="/admin/measures" component={pages.measures} />
          <Route path="/add-child" component={pages.addChild} />
          <Route path="/admin/caseloads" component={pages.caseloads} />
          <Route path="/admin/cohort-import" component={pages.cohortImport} />
          <Route path="/listing-changes" component={pages.listingChanges} />
          <Route path="/listings/:id/history" component={pages.listingHistory} />
          <Route path="/shortlists" component={pages.shortlists} />
          <Route path="/shortlists/:id" component={pages.shortlist} />
          <Route path="/join" component={pages.join} />
          <Route path="/admin/organisations" component={pages.organisations} />
          <Route path="/provider/staff" component={pages.staff} />
          <Route path="/district-funds" component={pages.districtFunds} />
          <Route path="/district-utilisation" component={pages.districtUtilisation} />
          <Route path="/contracts" component={pages.contracts} />
          <Route path="/contracts/ending-soon" component={pages.contractsEndingSoon} />
          <Route path="/payment-runs" component={pages.paymentRuns} />
          <Route path="/provider/contracts" component={pages.providerContracts} />
          <Route path="/provider/remittances" component={pages.remittances} />
          <Route path="/provider/pipeline" component={pages.pipeline} />
          <Route path="/school" component={pages.schoolOverview} />
          <Route path="/district" component={pages.district} />
          <Route path="/dashboard" component={pages.dashboard} />
          <Route path="*" component={pages.notFound} />
        </Router>
      </SessionProvider>
    </Provider>
  );
}
