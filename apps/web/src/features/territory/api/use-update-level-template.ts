import { updateLevelTemplate } from '@gongzhi/contract/territory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useUpdateLevelTemplate(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CallInput<typeof updateLevelTemplate>['body']) =>
      call(updateLevelTemplate, { params: { communityId }, body }),
    onSuccess: (template) => {
      queryClient.setQueryData(territoryKeys.template(communityId), template);
      // Level names show on every node.
      return queryClient.invalidateQueries({ queryKey: territoryKeys.all });
    },
  });
}
