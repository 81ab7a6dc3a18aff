import { A, useNavigate } from '@solidjs/router';
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
                  // Unknown (the server out of reach) is not signed out: no "Sign in" that misleads.
                  <Show when={session.viewer() === null}>
                    <A href="/sign-in" class="app-header__link">
                      Sign in
                    </A>
                  </Show>
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
      {/* The page is drawn (and asks for its data) while we ask who is signed in, but stays hidden
          until the answer: its requests run alongside the session's, and the session's answer only
          adds the menu and shows what is drawn, instead of drawing the whole page in one long task. */}
      <div class="app-page" hidden={!known()}>
        <Show when={known()}>
          <ServiceNavigation />
        </Show>
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
      </div>
    </>
  );
}

export { Title } from '../lib/title';
