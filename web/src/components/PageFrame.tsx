import { useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createMemo, ErrorBoundary, type JSX, on, onCleanup, Show } from 'solid-js';
import { useSession } from '../lib/session';
import { Title } from '../lib/title';
import { accessFor } from '../routes';
import { Loading } from './Bits';

/** A page's code that failed to arrive (offline, server restarting), as the browser words it. */
export const isLoadFailure = (error: unknown) =>
  /dynamically imported module|Importing a module script failed|Failed to fetch|NetworkError|Load failed/i.test(
    String((error as Error)?.message ?? error),
  );

/**
 * Around every page: signed-out people are sent to sign in and back (`?next=`), other roles are told
 * plainly the page is not for them, and a page that fails (its code did not load) shows the GOV.UK
 * error pattern, tries again on its own when the connection returns, and never breaks the router.
 */
export function PageFrame(props: { children?: JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const access = createMemo(() => accessFor(location.pathname));
  createEffect(() => {
    if (access() && session.viewer() === null && !session.checking())
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  // After each navigation, focus the new page's main heading (unless a banner or error took focus).
  // and ask again who is signed in, so a session ended elsewhere is noticed on the next page.
  createEffect(
    on(
      () => location.pathname,
      () => {
        focusHeadingSoon();
        if (session.viewer()) void session.refresh();
      },
      { defer: true },
    ),
  );
  const allowed = createMemo(() => {
    const a = access();
    const viewer = session.viewer();
    return !a || (!!viewer && a.roles.includes(viewer.role));
  });
  return (
    <Show
      when={allowed()}
      fallback={
        <Show when={session.viewer()} fallback={<Waiting />}>
          <NotForYou who={access()?.who ?? ''} />
        </Show>
      }
    >
      <ErrorBoundary fallback={(error, reset) => <PageFailed error={error} reset={reset} />}>
        {props.children}
      </ErrorBoundary>
    </Show>
  );
}

function focusHeadingSoon() {
  const before = document.querySelector('main h1');
  const started = Date.now();
  const tick = () => {
    const active = document.activeElement;
    if (active?.closest('.govuk-notification-banner, .govuk-error-summary')) return;
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1 && (h1 !== before || Date.now() - started > 1500)) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    } else if (Date.now() - started < 5000) setTimeout(tick, 50);
  };
  setTimeout(tick, 0);
}

/** Waiting for who is signed in; the server may be out of reach. */
function Waiting() {
  const session = useSession();
  return (
    <Show when={session.unreachable()} fallback={<Loading what="this page" />}>
      <Unreachable retry={() => session.refresh()} />
    </Show>
  );
}

/** The server out of reach: said once, with one way to try again, and tried again on its own. */
function Unreachable(props: { retry: () => void }) {
  const retry = () => props.retry();
  retryOnItsOwn(retry);
  return (
    <ProblemPage retry={retry}>
      <p class="govuk-body">We could not reach the server. Check your connection.</p>
      <p class="govuk-body">The page will load by itself when the connection is back.</p>
    </ProblemPage>
  );
}

/** The GOV.UK "there is a problem" page: what went wrong, then one way to try again. */
function ProblemPage(props: { retry: () => void; children: JSX.Element }) {
  return (
    <div role="alert">
      <Title>Sorry, there is a problem</Title>
      <h1 class="govuk-heading-l">Sorry, there is a problem</h1>
      {props.children}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={() => props.retry()}>
        Try again
      </button>
    </div>
  );
}

/** Tries again when the connection returns, and every few seconds (a server restarting fires no "online"). */
function retryOnItsOwn(retry: () => void) {
  window.addEventListener('online', retry);
  const timer = setInterval(retry, 4000);
  onCleanup(() => {
    window.removeEventListener('online', retry);
    clearInterval(timer);
  });
}

function NotForYou(props: { who: string }) {
  return (
    <>
      <Title>This page is not for your account</Title>
      <h1 class="govuk-heading-l">This page is not for your account</h1>
      <p class="govuk-body">This page is only for {props.who}. Use the menu to find the pages for your account.</p>
    </>
  );
}

function PageFailed(props: { error: unknown; reset: () => void }) {
  const location = useLocation();
  const session = useSession();
  const offline = isLoadFailure(props.error);
  const retry = () => {
    session.refresh();
    props.reset();
  };
  // Going to another page tries again there; so does the connection coming back.
  createEffect(
    on(
      () => location.pathname + location.search,
      () => props.reset(),
      { defer: true },
    ),
  );
  if (offline) retryOnItsOwn(retry);
  else console.error(props.error);
  return (
    <ProblemPage retry={retry}>
      <Show
        when={offline}
        fallback={<p class="govuk-body">Something went wrong on this page. Try again, or go back to the last page.</p>}
      >
        <p class="govuk-body">We could not load this page. Check your connection.</p>
        <p class="govuk-body">The page will load by itself when the connection is back.</p>
      </Show>
    </ProblemPage>
  );
}
