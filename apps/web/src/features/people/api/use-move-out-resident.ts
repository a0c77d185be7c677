import { moveOutResident } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useMoveOutResident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof moveOutResident>['body']) =>
      call(moveOutResident, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
