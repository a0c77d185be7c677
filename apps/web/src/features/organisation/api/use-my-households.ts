import { getHousehold, listHouseholds } from '@gongzhi/contract/people';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { organisationKeys } from './keys.ts';

/** 我的联系户: the households linked to the caller's own positions (handover links included by the server). */
export function useMyHouseholds(q: string) {
  return useInfiniteQuery({
    queryKey: organisationKeys.myHouseholds(q),
    queryFn: ({ pageParam }) =>
      call(listHouseholds, { query: { mine: 'true', q: q || undefined, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useHousehold(id: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.household(id ?? ''),
    queryFn: () => call(getHousehold, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}
