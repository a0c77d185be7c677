import { addResident } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useAddResident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ householdId, ...body }: { householdId: string } & CallInput<typeof addResident>['body']) =>
      call(addResident, { params: { id: householdId }, body }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
