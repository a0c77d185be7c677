import { searchDivisions } from '@gongzhi/contract/setup';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

/** Communities and villages (level 5) whose name or code matches `q`; call it with an already debounced text. */
export function useSearchDivisions(q: string, isEnabled: boolean) {
  const text = q.trim();
  return useQuery({
    queryKey: ['setup', 'divisions', text],
    queryFn: () => call(searchDivisions, { query: { q: text, level: 5, limit: 20 } }),
    enabled: isEnabled && text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}
