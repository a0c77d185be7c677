import {
  createPartyMember,
  createPartyOrg,
  deletePartyMember,
  listPartyMembers,
  listPartyOrgs,
  renamePartyOrg,
  updatePartyMember,
} from '@gongzhi/contract/organisation';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { organisationKeys } from './keys.ts';

export function usePartyOrgs(nodeId: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.partyOrgs(nodeId ?? ''),
    queryFn: () => call(listPartyOrgs, { query: { nodeId: nodeId ?? '' } }),
    enabled: Boolean(nodeId),
  });
}

export type PartyMemberFilter = CallInput<typeof listPartyMembers>['query'];

export function usePartyMembers(filter: PartyMemberFilter) {
  return useInfiniteQuery({
    queryKey: organisationKeys.partyMembers(filter),
    queryFn: ({ pageParam }) => call(listPartyMembers, { query: { ...filter, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: Boolean(filter.orgId),
  });
}

function usePartyMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}

export const useCreatePartyOrg = () =>
  usePartyMutation((body: CallInput<typeof createPartyOrg>['body']) => call(createPartyOrg, { body }));

export const useRenamePartyOrg = () =>
  usePartyMutation(({ id, name }: { id: string; name: string }) =>
    call(renamePartyOrg, { params: { id }, body: { name } }),
  );

export const useCreatePartyMember = () =>
  usePartyMutation((body: CallInput<typeof createPartyMember>['body']) => call(createPartyMember, { body }));

export const useUpdatePartyMember = () =>
  usePartyMutation(({ id, body }: { id: string; body: CallInput<typeof updatePartyMember>['body'] }) =>
    call(updatePartyMember, { params: { id }, body }),
  );

export const useDeletePartyMember = () =>
  usePartyMutation((id: string) => call(deletePartyMember, { params: { id } }));
