import { revealResidentField } from '@gongzhi/contract/people';
import { useMutation } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

/** Reveals a full ID number or phone once, with a reason the server audits; the value is never cached. */
export function useRevealResidentField() {
  return useMutation({
    mutationFn: ({ id, field, reason }: { id: string; field: 'idNumber' | 'phone'; reason: string }) =>
      call(revealResidentField, { params: { id }, body: { field, reason } }),
  });
}
