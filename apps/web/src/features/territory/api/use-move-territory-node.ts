import { moveTerritoryNode } from '@gongzhi/contract/territory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useMoveTerritoryNode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, parentId }: { id: string; parentId: string }) =>
      call(moveTerritoryNode, { params: { id }, body: { parentId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: territoryKeys.all }),
  });
}
