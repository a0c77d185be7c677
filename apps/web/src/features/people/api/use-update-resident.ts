import { updateResident } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useUpdateResident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof updateResident>['body']) =>
      call(updateResident, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
