import { getTerritoryNode } from '@gongzhi/contract/territory';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

/** One node with its counts and the path from the top of the caller's view down to it. */
export function useTerritoryNode(id: string | undefined) {
  return useQuery({
    queryKey: territoryKeys.node(id ?? ''),
    queryFn: () => call(getTerritoryNode, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}
