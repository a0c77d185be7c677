import { getHousehold } from '@gongzhi/contract/people';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export function useHousehold(id: string) {
  return useQuery({
    queryKey: peopleKeys.household(id),
    queryFn: () => call(getHousehold, { params: { id } }),
  });
}
