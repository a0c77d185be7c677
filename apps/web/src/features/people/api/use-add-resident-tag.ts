import { addResidentTag } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useAddResidentTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof addResidentTag>['body']) =>
      call(addResidentTag, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
