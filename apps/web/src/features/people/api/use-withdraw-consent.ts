import { withdrawConsent } from '@gongzhi/contract/people';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { invalidatePeople } from './invalidate.ts';

export function useWithdrawConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, consentId, note }: { id: string; consentId: string; note?: string }) =>
      call(withdrawConsent, { params: { id, consentId }, body: { note } }),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
