import { createSignal } from 'solid-js';
import { errorFor, type FormError } from './ErrorSummary';
import { TextField } from './Fields';

/** A new password must be at least this long (the server checks it too). */
const MIN_LENGTH = 12;

/** A new password and its confirmation, as typed. */
export function createNewPassword() {
  const [password, setPassword] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  return {
    password,
    confirm,
    setPassword,
    setConfirm,
    clear: () => {
      setPassword('');
      setConfirm('');
    },
    /** What is wrong with them, as errors on the fields below. */
    problems: (tooShort: string): FormError[] => {
      if (password().length < MIN_LENGTH) return [{ field: 'newPassword', message: tooShort }];
      if (password() !== confirm()) return [{ field: 'confirm', message: 'The two passwords do not match' }];
      return [];
    },
  };
}

/** "New password" and "Confirm the new password", for setting and for changing a password. */
export function NewPasswordFields(props: {
  state: ReturnType<typeof createNewPassword>;
  errors: FormError[];
  hint?: string;
}) {
  return (
    <>
      <TextField
        id="newPassword"
        label="New password"
        hint={props.hint}
        type="password"
        autocomplete="new-password"
        value={props.state.password()}
        onInput={props.state.setPassword}
        error={errorFor(props.errors, 'newPassword')}
      />
      <TextField
        id="confirm"
        label="Confirm the new password"
        type="password"
        autocomplete="new-password"
        value={props.state.confirm()}
        onInput={props.state.setConfirm}
        error={errorFor(props.errors, 'confirm')}
      />
    </>
  );
}
