import { listUsers } from '@gongzhi/contract/identity';
import {
  assignHouseholds,
  createPosition,
  endHandover,
  endPosition,
  getPosition,
  handoverHouseholds,
  listLinkCandidates,
  listPositionHouseholds,
  listPositions,
  unassignHousehold,
  updatePosition,
} from '@gongzhi/contract/organisation';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { organisationKeys } from './keys.ts';

export type PositionFilter = CallInput<typeof listPositions>['query'];

export function usePositions(filter: PositionFilter, isEnabled = true) {
  return useInfiniteQuery({
    queryKey: organisationKeys.positions(filter),
    queryFn: ({ pageParam }) => call(listPositions, { query: { ...filter, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: isEnabled && Boolean(filter.nodeId),
  });
}

export function usePosition(id: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.position(id ?? ''),
    queryFn: () => call(getPosition, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function usePositionHouseholds(id: string | undefined) {
  return useInfiniteQuery({
    queryKey: organisationKeys.positionHouseholds(id ?? ''),
    queryFn: ({ pageParam }) =>
      call(listPositionHouseholds, { params: { id: id ?? '' }, query: { cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: Boolean(id),
  });
}

export function useLinkCandidates(id: string | undefined, q: string, isEnabled: boolean) {
  return useInfiniteQuery({
    queryKey: organisationKeys.candidates(id ?? '', q),
    queryFn: ({ pageParam }) =>
      call(listLinkCandidates, {
        params: { id: id ?? '' },
        query: { q: q || undefined, cursor: pageParam, limit: 100 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: isEnabled && Boolean(id),
  });
}

export function useUsers(q: string) {
  return useQuery({
    queryKey: organisationKeys.users(q),
    queryFn: () => call(listUsers, { query: { q: q || undefined } }),
  });
}

/** Every organisation mutation refreshes the whole feature cache: counts, spans and coverage all move together. */
function useOrganisationMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}

export const useCreatePosition = () =>
  useOrganisationMutation((body: CallInput<typeof createPosition>['body']) => call(createPosition, { body }));

export const useUpdatePosition = () =>
  useOrganisationMutation(({ id, body }: { id: string; body: CallInput<typeof updatePosition>['body'] }) =>
    call(updatePosition, { params: { id }, body }),
  );

export const useEndPosition = () =>
  useOrganisationMutation(({ id, body }: { id: string; body: CallInput<typeof endPosition>['body'] }) =>
    call(endPosition, { params: { id }, body }),
  );

export const useAssignHouseholds = () =>
  useOrganisationMutation(({ id, body }: { id: string; body: CallInput<typeof assignHouseholds>['body'] }) =>
    call(assignHouseholds, { params: { id }, body }),
  );

export const useUnassignHousehold = () =>
  useOrganisationMutation(({ id, householdId }: { id: string; householdId: string }) =>
    call(unassignHousehold, { params: { id, householdId } }),
  );

export const useHandover = () =>
  useOrganisationMutation(
    ({ id, body }: { id: string; body: CallInput<typeof handoverHouseholds>['body'] }) =>
      call(handoverHouseholds, { params: { id }, body }),
  );

export const useEndHandover = () =>
  useOrganisationMutation(({ id, toPositionId }: { id: string; toPositionId?: string }) =>
    call(endHandover, { params: { id }, body: { toPositionId } }),
  );
