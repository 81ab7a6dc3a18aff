import { useParams } from '@solidjs/router';

/** The route's :id, decoded (links encode global IDs, whose base64 may contain '=' or '/'). */
export function useRouteId(): () => string | undefined {
  const params = useParams();
  return () => (params.id ? decodeURIComponent(params.id) : undefined);
}
