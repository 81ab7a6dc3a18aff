import { createEffect, createSignal, onCleanup } from 'solid-js';

const [formErrorCount, setFormErrorCount] = createSignal(0);

/** Shown while an error (a summary or a field's message) is on screen, so the title says "Error: ". */
export function ReportedError() {
  setFormErrorCount((n) => n + 1);
  onCleanup(() => setFormErrorCount((n) => Math.max(0, n - 1)));
  return null;
}

/** Sets the document title: "<page> – Partnership portal", prefixed "Error: " while a form shows errors. */
export function Title(props: { children: string }) {
  createEffect(() => {
    document.title = `${formErrorCount() > 0 ? 'Error: ' : ''}${props.children} – Partnership portal`;
  });
  return null;
}
