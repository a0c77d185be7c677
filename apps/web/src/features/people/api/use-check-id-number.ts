import { checkIdNumber } from '@gongzhi/contract/people';
import { useMutation } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

/** Asks whether an ID number is already registered in this district, before the form is sent. */
export function useCheckIdNumber() {
  return useMutation({ mutationFn: (idNumber: string) => call(checkIdNumber, { query: { idNumber } }) });
}
