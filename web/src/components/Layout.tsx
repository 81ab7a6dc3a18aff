import { A, useLocation, useNavigate, usePreloadRoute } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import { useSession } from '../lib/session';
import { PageFrame } from './PageFrame';
import { ServiceNavigation } from './ServiceNavigation';

export function Layout(props: { children?: JSX.Element }) {
  const session = useSession();
  const navigate = useNavigate();
  // Nothing below the header is drawn until we know who is signed in (or that the server cannot be
  // reached): the account, the menu and the page all depend on it, and drawing a guess first moves
  // everything when the answer comes (layout shift).
  const known = () => session.viewer() !== undefined || session.unreachable();
  // The page's code is fetched while we ask who is signed in, not after the answer (one round trip
  // less before the page shows, and its code is evaluated in a task of its own).
  const location = useLocation();
  usePreloadRoute()(location.pathname);
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
          <Show when={known()}>
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
                    <A href="/account" class="app-header__link">
                      Your account
                    </A>{' '}
                    ·{' '}
                    <button type="button" class="app-link-button app-header__link" onClick={signOut}>
                      Sign out
                    </button>
                  </span>
                )}
              </Show>
            </div>
          </Show>
        </div>
      </header>
      <Show when={known()}>
        <ServiceNavigation />
        <div class="govuk-width-container">
          <main class="govuk-main-wrapper" id="main-content">
            <PageFrame>{props.children}</PageFrame>
          </main>
        </div>
        <footer class="govuk-footer" role="contentinfo">
          <div class="govuk-width-container">
            <p class="govuk-body-s">
              A shared directory and commissioning portal for the local early-help partnership.
            </p>
          </div>
        </footer>
      </Show>
    </>
  );
}

export { Title } from '../lib/title';
