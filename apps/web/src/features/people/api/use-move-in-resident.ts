import { moveInResident } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

/** 迁入: a moved-out resident comes back, or an active one transfers from his household to this one. */
export function useMoveInResident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof moveInResident>['body']) =>
      call(moveInResident, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
