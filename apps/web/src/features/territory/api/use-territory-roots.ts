import { listTerritoryRoots } from '@gongzhi/contract/territory';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useTerritoryRoots(includeRetired = false) {
  return useQuery({
    queryKey: territoryKeys.roots(includeRetired),
    queryFn: () => call(listTerritoryRoots, { query: { includeRetired: includeRetired ? 'true' : 'false' } }),
  });
}
