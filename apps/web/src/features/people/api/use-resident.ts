import { getResident } from '@gongzhi/contract/people';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export function useResident(id: string) {
  return useQuery({
    queryKey: peopleKeys.resident(id),
    queryFn: () => call(getResident, { params: { id } }),
  });
}
