import { retireTerritoryNode } from '@gongzhi/contract/territory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useRetireTerritoryNode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(retireTerritoryNode, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: territoryKeys.all }),
  });
}
