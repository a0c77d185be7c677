import { renameTerritoryNode } from '@gongzhi/contract/territory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useRenameTerritoryNode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      call(renameTerritoryNode, { params: { id }, body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: territoryKeys.all }),
  });
}
