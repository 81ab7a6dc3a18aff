import { A, useLocation, useNavigate } from '@solidjs/router';
import { For, type JSX, Show } from 'solid-js';
import { useSession } from '../lib/session';
import { NAV } from '../routes';

export function Layout(props: { children?: JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const items = () => NAV[session.viewer()?.role ?? 'SIGNED_OUT'] ?? [];
  const current = (href: string) => (href === '/' ? location.pathname === '/' : location.pathname.startsWith(href));
  const signOut = async () => {
    await session.signOut();
    navigate('/sign-in');
  };
  return (
    <>
      <a href="#main-content" class="govuk-skip-link">
        Skip to main content
      </a>
      <header class="govuk-header">
        <div class="govuk-header__container govuk-width-container">
          <div class="govuk-header__logo">
            <A href="/" class="app-header__title">
              Partnership portal
            </A>
          </div>
          <div class="govuk-header__content">
            <Show
              when={session.viewer()}
              fallback={
                <A href="/sign-in" class="app-header__link">
                  Sign in
                </A>
              }
            >
              {(viewer) => (
                <span class="app-header__account">
                  {viewer().name} ({viewer().zone.name}) ·{' '}
                  <button type="button" class="app-link-button app-header__link" onClick={signOut}>
                    Sign out
                  </button>
                </span>
              )}
            </Show>
          </div>
        </div>
      </header>
      <section class="govuk-service-navigation" aria-label="Service navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
              <ul class="govuk-service-navigation__list">
                <For each={items()}>
                  {(item) => (
                    <li
                      class={`govuk-service-navigation__item${current(item.href) ? ' govuk-service-navigation__item--active' : ''}`}
                    >
                      <A
                        class="govuk-service-navigation__link"
                        href={item.href}
                        aria-current={current(item.href) ? 'page' : undefined}
                        end
                      >
                        {item.label}
                        <Show
                          when={item.href === '/notifications' && (session.viewer()?.unreadNotificationCount ?? 0) > 0}
                        >
                          {' '}
                          <strong class="govuk-tag govuk-tag--red">
                            {session.viewer()?.unreadNotificationCount}
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
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {props.children}
        </main>
      </div>
      <footer class="govuk-footer" role="contentinfo">
        <div class="govuk-width-container">
          <p class="govuk-body-s">A shared directory and commissioning portal for the local early-help partnership.</p>
        </div>
      </footer>
    </>
  );
}

/** Sets the document title: "<page> – Partnership portal". */
export function Title(props: { children: string }) {
  document.title = `${props.children} – Partnership portal`;
  return null;
}
