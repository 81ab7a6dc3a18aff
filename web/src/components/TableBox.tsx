import { createSignal, createUniqueId, type JSX, onCleanup, onMount, Show } from 'solid-js';

/**
 * A wide table scrolls inside its own box on a phone (with its first column kept in view), so the
 * page itself never scrolls sideways. Focusable, so keyboard users can scroll it too. When it does
 * scroll, a line above says so: phones hide the scrollbar until touched, so columns such as Action
 * or Available were off-screen with nothing to show they exist.
 */
export function TableBox(props: { label: string; children: JSX.Element }) {
  const [wide, setWide] = createSignal(false);
  const hint = createUniqueId();
  let box!: HTMLElement;
  onMount(() => {
    const check = () => setWide(box.scrollWidth > box.clientWidth + 1);
    const watch = new ResizeObserver(check);
    watch.observe(box);
    // The table inside grows as rows arrive, which need not change the box's own size.
    for (const child of box.children) watch.observe(child);
    onCleanup(() => watch.disconnect());
  });
  return (
    <>
      <Show when={wide()}>
        <p class="govuk-body-s app-scroll-hint" id={hint}>
          Scroll the table sideways to see all its columns
        </p>
      </Show>
      <section
        class="app-scroll"
        classList={{ 'app-scroll--wide': wide() }}
        aria-label={props.label}
        aria-describedby={wide() ? hint : undefined}
        tabindex="0"
        ref={box}
      >
        {props.children}
      </section>
    </>
  );
}
