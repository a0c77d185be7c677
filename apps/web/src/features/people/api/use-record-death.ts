import { recordDeath } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useRecordDeath() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & CallInput<typeof recordDeath>['body']) =>
      call(recordDeath, { params: { id }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
