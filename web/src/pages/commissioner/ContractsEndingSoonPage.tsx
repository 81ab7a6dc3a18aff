import { BackLink } from '../../components/Bits';
import { ContractsEndingSoon } from '../../components/ContractsEndingSoon';
import { Title } from '../../components/Layout';

/** Commissioners: signed contracts ending within 3 or 6 months, with their uptake, each linking to the contract. */
export default function ContractsEndingSoonPage() {
  return (
    <>
      <Title>Contracts ending soon</Title>
      <BackLink href="/contracts">All contracts</BackLink>
      <h1 class="govuk-heading-xl">Contracts ending soon</h1>
      <p class="govuk-body">
        Signed contracts whose end date falls within the next 3 or 6 months: how many places have been used and how much
        of their value has been drawn down. Select a column heading to sort.
      </p>
      <ContractsEndingSoon />
    </>
  );
}
