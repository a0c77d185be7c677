import { listConsents } from '@gongzhi/contract/people';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export function useConsents(residentId: string) {
  return useQuery({
    queryKey: peopleKeys.consents(residentId),
    queryFn: () => call(listConsents, { params: { id: residentId } }),
  });
}
