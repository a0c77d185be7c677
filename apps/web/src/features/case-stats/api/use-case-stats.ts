import { type CaseStatsQuery, getCaseDashboard } from '@gongzhi/contract/case-stats';
import { listCaseCategories } from '@gongzhi/contract/cases';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

export const caseStatsKeys = {
  dashboard: (q: CaseStatsQuery) => ['case-stats', 'dashboard', q] as const,
  categories: ['case-stats', 'categories'] as const,
};

/** Keeps the previous node's figures on screen while the next one loads, so drill-down does not flash. */
export function useCaseDashboard(query: CaseStatsQuery) {
  return useQuery({
    queryKey: caseStatsKeys.dashboard(query),
    queryFn: () => call(getCaseDashboard, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useCaseCategories() {
  return useQuery({
    queryKey: caseStatsKeys.categories,
    queryFn: () => call(listCaseCategories),
    staleTime: 5 * 60_000,
  });
}
