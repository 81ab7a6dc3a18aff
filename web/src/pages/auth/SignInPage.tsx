import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { SignInEmailField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';
import { HOME, safeNext, useSession } from '../../lib/session';

const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInSuccess { user { role } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export default function SignInPage() {
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [state, signIn] = createMutation(SignInMutation);
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FormError[] = [];
    if (!email().trim()) missing.push({ field: 'email', message: 'Enter your email address' });
    if (!password()) missing.push({ field: 'password', message: 'Enter your password' });
    setErrors(missing);
    if (missing.length) return;
    const res = await signIn({ input: { email: email(), password: password() } });
    const result = res.data?.signIn;
    if (!result) {
      setErrors([{ message: 'We could not sign you in just now. Try again.' }]);
      return;
    }
    if (result.__typename === 'SignInSuccess') {
      await session.refresh();
      // Back to the page they asked for, when it is one of ours; otherwise their role's start page.
      navigate(safeNext(params.next) ?? HOME[result.user.role] ?? '/', { replace: true });
      return;
    }
    // Wrong credentials point at the password, without saying which of the two was wrong.
    const errs = formErrors(result);
    setErrors(
      result.__typename === 'InvalidCredentialsError' ? [{ field: 'password', message: errs[0]!.message }] : errs,
    );
  };

  return (
    <>
      <Title>Sign in</Title>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors()} />
          <h1 class="govuk-heading-xl">Sign in</h1>
          <Show when={safeNext(params.next)}>
            <p class="govuk-body">Sign in to see that page. You will go straight back to it.</p>
          </Show>
          <form onSubmit={submit} novalidate>
            <SignInEmailField value={email()} onInput={setEmail} error={errorFor(errors(), 'email')} />
            <TextField
              id="password"
              label="Password"
              type="password"
              autocomplete="current-password"
              value={password()}
              onInput={setPassword}
              error={errorFor(errors(), 'password')}
            />
            <button type="submit" class="govuk-button" disabled={state.fetching}>
              Sign in
            </button>
          </form>
          <p class="govuk-body">
            <A href="/forgot-password" class="govuk-link">
              Forgot your password?
            </A>
          </p>
          <p class="govuk-body">
            Does your organisation offer services to children and families?{' '}
            <A href="/join" class="govuk-link">
              Ask to join the directory
            </A>
          </p>
        </div>
      </div>
    </>
  );
}
