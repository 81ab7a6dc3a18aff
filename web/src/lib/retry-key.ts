import { createSignal } from 'solid-js';

/**
 * One idempotency key per form fill, kept until an answer comes and renewed after it. An attempt
 * whose answer was lost (a network blip) may still have gone through: the retry must send the
 * same key, so the server applies the action once and answers with what the first attempt did.
 */
export function createRetryKey() {
  const [key, setKey] = createSignal(crypto.randomUUID());
  return { key, renew: () => setKey(crypto.randomUUID()) };
}
