import { listTags } from '@gongzhi/contract/people';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { peopleKeys } from './keys.ts';

/** The tag catalogue (changes rarely). */
export function useTags() {
  return useQuery({ queryKey: peopleKeys.tags, queryFn: () => call(listTags), staleTime: 10 * 60_000 });
}
