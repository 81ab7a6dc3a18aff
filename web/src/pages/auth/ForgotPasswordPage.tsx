import { A } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { SignInEmailField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const RequestResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** "Forgot your password?": asks for a reset link; says the same whether the address has an account. */
export default function ForgotPasswordPage() {
  const [email, setEmail] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [sentTo, setSentTo] = createSignal('');
  const [state, request] = createMutation(RequestResetMutation);

  const submit = async (e: Event) => {
    e.preventDefault();
    const address = email().trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setErrors([{ field: 'email', message: 'Enter an email address like name@example.org' }]);
      return;
    }
    setErrors([]);
    const res = await request({ input: { email: address } });
    const result = res.data?.requestPasswordReset;
    if (!result) return setErrors([{ message: 'We could not send the link just now. Try again.' }]);
    if (result.__typename === 'RequestPasswordResetSuccess') return setSentTo(address);
    setErrors(formErrors(result));
  };

  return (
    <>
      <Title>{sentTo() ? 'Check your email' : 'Reset your password'}</Title>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Show
            when={!sentTo()}
            fallback={
              <>
                <h1 class="govuk-heading-xl">Check your email</h1>
                <p class="govuk-body">
                  If <strong>{sentTo()}</strong> has an account, we have sent it a link to choose a new password.
                </p>
                <p class="govuk-body">
                  The link works once and expires in 1 hour. Using it signs you out everywhere else.
                </p>
                <p class="govuk-body">
                  No email after a few minutes? Check your spam folder, or ask your administrator.{' '}
                  <A href="/sign-in" class="govuk-link">
                    Back to sign in
                  </A>
                </p>
              </>
            }
          >
            <ErrorSummary errors={errors()} />
            <h1 class="govuk-heading-xl">Reset your password</h1>
            <p class="govuk-body">
              Enter the email address you sign in with. We will email you a link to choose a new password.
            </p>
            <form onSubmit={submit} novalidate>
              <SignInEmailField value={email()} onInput={setEmail} error={errorFor(errors(), 'email')} />
              <button type="submit" class="govuk-button" disabled={state.fetching}>
                Send the link
              </button>
            </form>
          </Show>
        </div>
      </div>
    </>
  );
}
