import { listHouseholds } from '@gongzhi/contract/people';
import { useInfiniteQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export interface HouseholdFilter {
  q?: string;
  nodeId?: string;
  status?: 'active' | 'moved_out';
}

/** Households, 30 at a time (keyset pages: `fetchNextPage` loads more). */
export function useHouseholds(filter: HouseholdFilter) {
  return useInfiniteQuery({
    queryKey: peopleKeys.households(filter),
    queryFn: ({ pageParam }) => call(listHouseholds, { query: { ...filter, limit: 30, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
