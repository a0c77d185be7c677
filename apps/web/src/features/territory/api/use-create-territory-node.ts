import { createTerritoryNode } from '@gongzhi/contract/territory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useCreateTerritoryNode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CallInput<typeof createTerritoryNode>['body']) => call(createTerritoryNode, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: territoryKeys.all }),
  });
}
