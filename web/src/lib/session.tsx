import { createMutation, createQuery } from '@urql/solid';
import { createContext, type JSX, useContext } from 'solid-js';
import { graphql, type ResultOf } from './graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer { id name role unreadNotificationCount zone { name slug delegatedLimitPence currentPeriod } organisation { id name } }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;

const SignOutMutation = graphql(`mutation SignOut { signOut { __typename } }`);

type Session = {
  viewer: () => Viewer | null | undefined;
  loading: () => boolean;
  refresh: () => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session>();

export function SessionProvider(props: { children: JSX.Element }) {
  const [result, refetch] = createQuery({ query: ViewerQuery, requestPolicy: 'cache-and-network' });
  const [, signOut] = createMutation(SignOutMutation);
  const session: Session = {
    // undefined while the first answer is on its way; null when signed out.
    viewer: () => (result.data ? (result.data.viewer ?? null) : result.error ? null : undefined),
    loading: () => result.fetching && !result.data,
    refresh: () => refetch({ requestPolicy: 'network-only' }),
    signOut: async () => {
      await signOut({});
      refetch({ requestPolicy: 'network-only' });
    },
  };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/** The session if there is one (components also render in tests without a provider). */
export const useOptionalSession = (): Session | undefined => useContext(SessionContext);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Where each role starts after signing in. */
export const HOME: Record<string, string> = {
  LINK_WORKER: '/caseload',
  PROVIDER: '/provider/commissions',
  COMMISSIONER: '/approvals',
  ADMIN: '/admin/users',
};
