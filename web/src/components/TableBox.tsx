import type { JSX } from 'solid-js';

/**
 * A wide table scrolls inside its own box on a phone (with its first column kept in view), so the
 * page itself never scrolls sideways. Focusable, so keyboard users can scroll it too.
 */
export function TableBox(props: { label: string; children: JSX.Element }) {
  return (
    <section class="app-scroll" aria-label={props.label} tabindex="0">
      {props.children}
    </section>
  );
}
