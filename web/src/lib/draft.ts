// A form's draft in this tab's sessionStorage: when the session ends before Send, signing in again
// and coming back loses nothing. It lasts only as long as the tab, and holds ids and typed text.

export function loadDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Partial<T>) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: object) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused (private browsing): the form still works, without a draft.
  }
}

export function clearDraft(key: string) {
  sessionStorage.removeItem(key);
}
