import { updateHousehold } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useUpdateHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof updateHousehold>['body']) =>
      call(updateHousehold, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
