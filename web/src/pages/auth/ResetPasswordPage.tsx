import { A, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ErrorSummary, type FormError, formErrors } from '../../components/ErrorSummary';
import { Title } from '../../components/Layout';
import { createNewPassword, NewPasswordFields } from '../../components/NewPasswordFields';
import { graphql } from '../../lib/graphql';

const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      __typename
      ... on ResetPasswordSuccess { passwordSet }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const LinkUsableQuery = graphql(`
  query ResetLinkUsable($token: String!) { passwordResetLinkUsable(token: $token) }
`);

/** Where a single-use link lands: a first administrator, an invited person or a reset sets a password. */
export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = () => (typeof params.token === 'string' ? params.token : '');
  const newPassword = createNewPassword();
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [done, setDone] = createSignal(false);
  const [state, reset] = createMutation(ResetPasswordMutation);
  // Asked on opening (it spends nothing), so a dead link is said before anyone types a password.
  const [link] = createQuery({
    query: LinkUsableQuery,
    variables: () => ({ token: token() }),
    pause: () => !token(),
    requestPolicy: 'network-only',
  });
  const dead = () => link.data?.passwordResetLinkUsable === false;

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = newPassword.problems('Enter a password of at least 12 characters');
    setErrors(problems);
    if (problems.length) return;
    const res = await reset({ input: { token: token(), newPassword: newPassword.password() } });
    const result = res.data?.resetPassword;
    if (!result) return setErrors([{ message: 'We could not set your password just now. Try again.' }]);
    if (result.__typename === 'ResetPasswordSuccess') return setDone(true);
    const errs = formErrors(result);
    // A bad link is not a field on this page: say it at the top.
    setErrors(errs.map((er) => (er.field === 'token' ? { message: er.message } : er)));
  };

  return (
    <>
      <Title>Set your password</Title>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Show
            when={!done()}
            fallback={
              <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">Your password is set</h1>
                <div class="govuk-panel__body">
                  <A href="/sign-in" class="govuk-link">
                    Sign in
                  </A>
                </div>
              </div>
            }
          >
            <ErrorSummary errors={errors()} />
            <Show when={errors().some((er) => !er.field && /expired|already been used/.test(er.message))}>
              <p class="govuk-body">
                <A href="/forgot-password" class="govuk-link">
                  Get a new link
                </A>
              </p>
            </Show>
            <h1 class="govuk-heading-xl">Set your password</h1>
            <Show
              when={token()}
              fallback={
                <p class="govuk-body">
                  This page needs the link you were sent. Open the link again, or ask your administrator for a new one.
                </p>
              }
            >
              <Show
                when={link.data || link.error}
                fallback={
                  <p class="govuk-body" role="status">
                    Loading: checking your link
                  </p>
                }
              >
                <Show
                  when={!dead()}
                  fallback={
                    <>
                      <p class="govuk-body" data-testid="dead-link">
                        This link has expired or has already been used, so it cannot set a password.
                      </p>
                      <p class="govuk-body">
                        <A href="/forgot-password" class="govuk-link">
                          Ask for a new link
                        </A>
                      </p>
                    </>
                  }
                >
                  <p class="govuk-body">
                    Choose a password of at least 12 characters. Setting it signs you out everywhere else.
                  </p>
                  <form onSubmit={submit} novalidate>
                    <NewPasswordFields state={newPassword} errors={errors()} />
                    <button type="submit" class="govuk-button" disabled={state.fetching}>
                      Set password
                    </button>
                  </form>
                </Show>
              </Show>
            </Show>
          </Show>
        </div>
      </div>
    </>
  );
}
