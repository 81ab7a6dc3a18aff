import { A, useLocation } from '@solidjs/router';
import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { useSession } from '../lib/session';
import { NAV, type NavItem, navIsCurrent, navItemIsCurrent } from '../routes';

/** GOV.UK service navigation: a row of links on wider screens, behind a "Menu" button on phones. */
export function ServiceNavigation() {
  const session = useSession();
  const location = useLocation();
  const items = () => NAV[session.viewer()?.role ?? 'SIGNED_OUT'] ?? [];
  const current = (item: NavItem) => navIsCurrent(location.pathname, item);
  // The section the page belongs to, if any: its pages are a second row of links (a sub-menu).
  const section = () => items().find((item) => item.section && current(item));
  const wide = window.matchMedia('(min-width: 40.0625em)');
  const [isWide, setWide] = createSignal(wide.matches);
  const [open, setOpen] = createSignal(false);
  const onChange = () => setWide(wide.matches);
  wide.addEventListener('change', onChange);
  onCleanup(() => wide.removeEventListener('change', onChange));
  // A link followed on a phone closes the menu again.
  createEffect(() => {
    location.pathname;
    setOpen(false);
  });
  const unread = () => session.viewer()?.unreadNotificationCount ?? 0;
  let toggle: HTMLButtonElement | undefined;
  // Escape closes the open menu, from the button or a link in it, and gives the button focus back (audit W-F9).
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open()) return;
    setOpen(false);
    toggle?.focus();
  };
  return (
    <>
      <section class="govuk-service-navigation" aria-label="Service navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <nav aria-label="Menu" class="govuk-service-navigation__wrapper" onKeyDown={closeOnEscape}>
              <Show when={!isWide() && items().length > 1}>
                <button
                  ref={toggle}
                  type="button"
                  class="govuk-service-navigation__toggle"
                  aria-controls="navigation"
                  aria-expanded={open() ? 'true' : 'false'}
                  onClick={() => setOpen(!open())}
                >
                  Menu
                  <Show when={unread() > 0}>
                    <span class="govuk-visually-hidden">, {unread()} unread notifications</span>
                  </Show>
                </button>
              </Show>
              <ul
                class="govuk-service-navigation__list"
                id="navigation"
                hidden={!isWide() && items().length > 1 && !open()}
              >
                <For each={items()}>
                  {(item) => (
                    <li
                      class={`govuk-service-navigation__item${current(item) ? ' govuk-service-navigation__item--active' : ''}`}
                    >
                      <A
                        class="govuk-service-navigation__link"
                        href={item.href}
                        aria-current={current(item) ? (item.section ? 'true' : 'page') : undefined}
                        end
                      >
                        {item.label}
                        <Show when={item.href === '/notifications' && unread() > 0}>
                          {' '}
                          <strong class="govuk-tag govuk-tag--red">
                            {unread()}
                            <span class="govuk-visually-hidden"> unread</span>
                          </strong>
                        </Show>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </nav>
          </div>
        </div>
      </section>
      <Show when={section()}>
        {(item) => (
          <nav class="govuk-width-container app-section-nav" aria-label={`${item().label} pages`}>
            <ul class="app-section-nav__list">
              <For each={item().section}>
                {(page) => (
                  <li class="app-section-nav__item">
                    <A
                      class="govuk-link govuk-link--no-visited-state"
                      href={page.href}
                      aria-current={navItemIsCurrent(location.pathname, page.href) ? 'page' : undefined}
                      end
                    >
                      {page.label}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </nav>
        )}
      </Show>
    </>
  );
}
