// A form's draft in this tab's sessionStorage: when the session ends before Send, signing in again
// and coming back loses nothing. It lasts only as long as the tab, and holds ids and typed text.
// Used by the new-commission form, the listing form (new and edit) and the admin's invite form.

import { createEffect } from 'solid-js';

/** A field whose name says it holds a password is never kept, at any depth (see saveDraft). */
const SECRET = /password/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET.test(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  return value;
}

export function loadDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Partial<T>) : null;
  } catch {
    return null;
  }
}

/** Keeps the form's values under key; a password field (by its name) is left out. */
export function saveDraft(key: string, value: object) {
  try {
    sessionStorage.setItem(key, JSON.stringify(withoutSecrets(value)));
  } catch {
    // Storage full or refused (private browsing): the form still works, without a draft.
  }
}

export function clearDraft(key: string) {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Storage refused: there is no draft to clear.
  }
}

/**
 * Keeps the form's values as a draft while they differ from blank (the form as it started, before any
 * draft), and clears it when they match again: an untouched form keeps none. Call it where an effect may
 * be made (a component); values and blank are read as JSON, so keep their keys in the same order.
 */
export function keepDraft(key: string, values: () => object, blank: () => object) {
  createEffect(() => {
    const now = values();
    if (JSON.stringify(now) === JSON.stringify(blank())) clearDraft(key);
    else saveDraft(key, now);
  });
}
