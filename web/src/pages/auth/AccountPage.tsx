import { useNavigate } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { createNewPassword, NewPasswordFields } from '../../components/NewPasswordFields';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere { __typename ... on Error { message } }
  }
`);

/** Your account: change your password (the current one is checked) and sign out of every device. */
export default function AccountPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = createSignal('');
  const newPassword = createNewPassword();
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [changed, setChanged] = createSignal(false);
  const [state, change] = createMutation(ChangePasswordMutation);
  const [everywhere, signOutEverywhere] = createMutation(SignOutEverywhereMutation);

  const submit = async (e: Event) => {
    e.preventDefault();
    setChanged(false);
    const problems: FormError[] = [
      ...(current() ? [] : [{ field: 'currentPassword', message: 'Enter your current password' }]),
      ...newPassword.problems('Enter a new password of at least 12 characters'),
    ];
    setErrors(problems);
    if (problems.length) return;
    const res = await change({ input: { currentPassword: current(), newPassword: newPassword.password() } });
    const result = res.data?.changePassword;
    if (!result) return setErrors([{ message: 'We could not change your password just now. Try again.' }]);
    if (result.__typename === 'ChangePasswordSuccess') {
      setCurrent('');
      newPassword.clear();
      setChanged(true);
      setTimeout(() => document.getElementById('password-changed')?.focus(), 0);
      return;
    }
    setErrors(formErrors(result));
  };

  const endEverywhere = async () => {
    await signOutEverywhere({});
    await session.refresh();
    navigate('/sign-in');
  };

  return (
    <>
      <Title>Your account</Title>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors()} />
          <Show when={changed()}>
            <div
              class="govuk-notification-banner govuk-notification-banner--success"
              role="alert"
              aria-labelledby="password-changed"
            >
              <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title">Success</h2>
              </div>
              <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading" id="password-changed" tabindex="-1">
                  Your password is changed. You are signed out on every other device.
                </p>
              </div>
            </div>
          </Show>
          <h1 class="govuk-heading-xl">Your account</h1>
          <Show when={session.viewer()}>
            {(v) => (
              <p class="govuk-body">
                Signed in as {v().name} ({v().zone.name}).
              </p>
            )}
          </Show>

          <h2 class="govuk-heading-l">Change your password</h2>
          <p class="govuk-body">Changing it signs you out on every other device; you stay signed in here.</p>
          <form onSubmit={submit} novalidate>
            <TextField
              id="currentPassword"
              label="Current password"
              type="password"
              autocomplete="current-password"
              value={current()}
              onInput={setCurrent}
              error={errorFor(errors(), 'currentPassword')}
            />
            <NewPasswordFields state={newPassword} errors={errors()} hint="At least 12 characters" />
            <button type="submit" class="govuk-button" disabled={state.fetching}>
              Change password
            </button>
          </form>

          <h2 class="govuk-heading-l">Sign out of all devices</h2>
          <p class="govuk-body">
            Ends every session of your account, on every computer and phone, this one included. Use it if you signed in
            somewhere you should not stay signed in, or think someone else knows your password.
          </p>
          <button
            type="button"
            class="govuk-button govuk-button--warning"
            disabled={everywhere.fetching}
            onClick={endEverywhere}
          >
            Sign out of all devices
          </button>
        </div>
      </div>
    </>
  );
}
