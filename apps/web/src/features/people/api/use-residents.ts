import { listResidents } from '@gongzhi/contract/people';
import { useInfiniteQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export interface ResidentFilter {
  q?: string;
  nodeId?: string;
  status?: 'active' | 'moved_out' | 'deceased';
}

/** Residents sorted by pinyin, 30 at a time; `q` matches names, ID numbers and phones. */
export function useResidents(filter: ResidentFilter) {
  return useInfiniteQuery({
    queryKey: peopleKeys.residents(filter),
    queryFn: ({ pageParam }) => call(listResidents, { query: { ...filter, limit: 30, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
