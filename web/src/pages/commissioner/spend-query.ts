import { graphql } from '../../lib/graphql';

// The spend page's query (all five groupings), with its own file so `npm run bench:money` times exactly what the page asks.
export const SpendQuery = graphql(`
  query Spend($period: String, $from: Date, $to: Date) {
    viewer { id zone { id currentPeriod } }
    spendPeriods
    source: spendReport(by: source, period: $period, from: $from, to: $to) { label committedPence spentPence commissions }
    school: spendReport(by: school, period: $period, from: $from, to: $to) { label committedPence spentPence commissions }
    district: spendReport(by: district, period: $period, from: $from, to: $to) { label committedPence spentPence commissions }
    category: spendReport(by: category, period: $period, from: $from, to: $to) { label committedPence spentPence commissions }
    provider: spendReport(by: provider, period: $period, from: $from, to: $to) { label committedPence spentPence commissions }
  }
`);
