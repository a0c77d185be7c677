import { listResidentEvents } from '@gongzhi/contract/people';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

export function useResidentEvents(id: string) {
  return useQuery({
    queryKey: peopleKeys.events(id),
    queryFn: () => call(listResidentEvents, { params: { id } }),
  });
}
