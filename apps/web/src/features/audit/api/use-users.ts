import { listUsers } from '@gongzhi/contract/identity';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

/** Accounts of this district, for the "who" filter. */
export function useUsers(q: string) {
  return useQuery({
    queryKey: ['audit', 'users', q],
    queryFn: () => call(listUsers, { query: { q: q || undefined } }),
    placeholderData: keepPreviousData,
  });
}
