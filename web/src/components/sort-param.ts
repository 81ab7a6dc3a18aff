import { useSearchParams } from '@solidjs/router';

export type Sort<K extends string> = { key: K; dir: 1 | -1 };

/**
 * A sortable table's order kept in the address (?sort=UPTAKE&dir=desc), so reload, back and a shared
 * link keep it as the lists keep their filters; the default order leaves the address bare. Sorting
 * again by the same column turns it round; another column starts at `first(key)`. A new order goes
 * back to the first page (`pageParam`).
 */
export function useSortParam<K extends string>(
  keys: readonly K[],
  fallback: K,
  first: (key: K) => 1 | -1 = () => 1,
  pageParam = 'page',
): [() => Sort<K>, (key: K) => void] {
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const sort = (): Sort<K> => {
    const key = keys.find((k) => k === params.sort) ?? fallback;
    return { key, dir: params.dir === 'desc' ? -1 : 1 };
  };
  const sortBy = (key: K) => {
    const now = sort();
    const dir = now.key === key ? (now.dir === 1 ? -1 : 1) : first(key);
    setParams({
      sort: key === fallback ? undefined : key,
      dir: dir === -1 ? 'desc' : undefined,
      [pageParam]: undefined,
    });
    window.scrollTo(0, 0);
  };
  return [sort, sortBy];
}
