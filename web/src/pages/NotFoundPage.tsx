import { A } from '@solidjs/router';
import { Title } from '../components/Layout';

export default function NotFoundPage() {
  return (
    <>
      <Title>Page not found</Title>
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">
        <A href="/" class="govuk-link">
          Find services
        </A>
      </p>
    </>
  );
}
