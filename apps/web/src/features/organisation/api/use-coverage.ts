import { getCoverage, getPartyCoverage, type LinkerKind } from '@gongzhi/contract/organisation';
import { useQueries, useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { organisationKeys } from './keys.ts';

function coverageQuery(nodeId: string, kind: LinkerKind) {
  return {
    queryKey: organisationKeys.coverage(nodeId, kind),
    queryFn: () => call(getCoverage, { query: { nodeId, kind } }),
  };
}

export function useCoverage(nodeId: string | undefined, kind: LinkerKind) {
  return useQuery({ ...coverageQuery(nodeId ?? '', kind), enabled: Boolean(nodeId) });
}

/** The API reports one node at a time, so the per-child chart asks once per child (capped by the caller). */
export function useChildCoverages(childIds: readonly string[], kind: LinkerKind) {
  return useQueries({ queries: childIds.map((id) => coverageQuery(id, kind)) });
}

export function usePartyCoverage(nodeId: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.partyCoverage(nodeId ?? ''),
    queryFn: () => call(getPartyCoverage, { query: { nodeId: nodeId ?? '' } }),
    enabled: Boolean(nodeId),
  });
}
