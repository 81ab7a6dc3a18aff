import { createMutation, createQuery, useClient } from '@urql/solid';
import { createContext, createSignal, type JSX, onCleanup, useContext } from 'solid-js';
import { graphql, type ResultOf } from './graphql';
import { onSignedOut } from './urql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer { id name role unreadNotificationCount zone { name slug delegatedLimitPence currentPeriod responseWorkingDays lapseGraceWorkingDays listingEditsNeedApproval localOfferSchedule } organisation { id name } }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;

const SignOutMutation = graphql(`mutation SignOut { signOut { __typename } }`);

type Session = {
  /** undefined until the first answer (or while the server cannot be reached); null when signed out. */
  viewer: () => Viewer | null | undefined;
  loading: () => boolean;
  /** True when the last attempt to ask who is signed in failed (offline, server restarting). */
  unreachable: () => boolean;
  /** True while asking who is signed in. */
  checking: () => boolean;
  /** Asks again who is signed in; resolves when the answer is in. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session>();

export function SessionProvider(props: { children: JSX.Element }) {
  const [result, refetch] = createQuery({ query: ViewerQuery, requestPolicy: 'cache-and-network' });
  const [, signOut] = createMutation(SignOutMutation);
  const client = useClient();
  const [asking, setAsking] = createSignal(false);
  const session: Session = {
    viewer: () => (result.data ? (result.data.viewer ?? null) : undefined),
    loading: () => result.fetching && !result.data,
    unreachable: () => !!result.error?.networkError,
    checking: () => result.fetching || asking(),
    refresh: async () => {
      setAsking(true);
      // Same operation as the query above: its answer reaches the session's own result too.
      await client.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
      setAsking(false);
      refetch({ requestPolicy: 'cache-only' });
    },
    signOut: async () => {
      await signOut({});
      await session.refresh();
    },
  };
  // Another request found the session gone: ask again, so the header and guarded pages follow.
  const stop = onSignedOut(() => {
    if (session.viewer()) session.refresh();
  });
  onCleanup(stop);
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/** The session if there is one (components also render in tests without a provider). */
export const useOptionalSession = (): Session | undefined => useContext(SessionContext);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The roles that buy services (link workers raise commissions, commissioners approve them and hold
 * contracts): only they are shown which listings can be commissioned. */
export const COMMISSIONING: string[] = ['LINK_WORKER', 'COMMISSIONER'];

/** Where each role starts after signing in. */
export const HOME: Record<string, string> = {
  LINK_WORKER: '/caseload',
  PROVIDER: '/provider/commissions',
  COMMISSIONER: '/approvals',
  ADMIN: '/admin/users',
  DISTRICT_LEAD: '/district',
  SCHOOL_LEAD: '/school',
};

/** A `next` address from the query string, kept only when it is one of our own paths. */
export function safeNext(next: string | undefined | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  try {
    const url = new URL(next, window.location.origin);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/sign-in')) return null;
    // Dot segments can leave another host's address once resolved ("/.//evil.com" is "//evil.com").
    if (url.pathname.startsWith('//')) return null;
    // An encoded slash ("/%2Fevil.example") reads as another host's address once decoded: go home
    // instead of to a page that cannot exist (audit W-F9).
    if (/^\/(\/|\\)/.test(decodeURIComponent(url.pathname))) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}
