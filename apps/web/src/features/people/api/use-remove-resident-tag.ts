import { removeResidentTag } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useRemoveResidentTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, tagCode }: { id: string; tagCode: string }) =>
      call(removeResidentTag, { params: { id, tagCode } }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
