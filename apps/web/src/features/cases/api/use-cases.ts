import {
  type CaseAction,
  type CaseActionBody,
  type CaseDetail,
  getCase,
  listCaseCategories,
  listCaseSlaBoard,
  listCommunityCases,
  listMyCaseInbox,
  listMyReportedCases,
  performCaseAction,
  type RateCaseBody,
  rateCase,
  type SlaLevel,
  type SubmitCaseBody,
  setCaseRelatedParty,
  submitCase,
  uploadCaseAttachment,
} from '@gongzhi/contract/cases';
import { listUsers } from '@gongzhi/contract/identity';
import { listHouseholds } from '@gongzhi/contract/people';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, isApiError, upload } from '../../../lib/api-client.ts';
import { caseKeys } from './keys.ts';

const PAGE = 50;
/** Lists a person works from are refreshed every minute: new cases arrive and SLA colours change. */
const LIST_REFRESH_MS = 60_000;

export function useCaseCategories() {
  return useQuery({
    queryKey: caseKeys.categories,
    queryFn: () => call(listCaseCategories),
    staleTime: 10 * 60_000,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: () => call(getCase, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

/** 我的待办: cases waiting for the caller (signing, handling, triage, verification). */
export function useCaseInbox() {
  return useInfiniteQuery({
    queryKey: caseKeys.inbox,
    queryFn: ({ pageParam }) => call(listMyCaseInbox, { query: { cursor: pageParam, limit: PAGE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIST_REFRESH_MS,
  });
}

/** Cases the caller reported himself or on someone's behalf. */
export function useMyReportedCases() {
  return useInfiniteQuery({
    queryKey: caseKeys.mine,
    queryFn: ({ pageParam }) => call(listMyReportedCases, { query: { cursor: pageParam, limit: PAGE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** The community's cases in the given states (分派台). */
export function useCommunityCases(states: readonly string[]) {
  const state = states.join(',');
  return useInfiniteQuery({
    queryKey: caseKeys.community(state),
    queryFn: ({ pageParam }) =>
      call(listCommunityCases, { query: { state: state || undefined, cursor: pageParam, limit: PAGE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIST_REFRESH_MS,
  });
}

/** 时限看板: open cases at one SLA level, with the count of every level. */
export function useSlaBoard(level: SlaLevel | undefined) {
  return useInfiniteQuery({
    queryKey: caseKeys.sla(level ?? 'all'),
    queryFn: ({ pageParam }) => call(listCaseSlaBoard, { query: { level, cursor: pageParam, limit: PAGE } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: LIST_REFRESH_MS,
  });
}

/** Households the intake may name: the caller's linked ones (联户), or a search over his scope. */
export function useIntakeHouseholds(mine: boolean, q: string, isEnabled: boolean) {
  return useQuery({
    queryKey: caseKeys.households(mine, q),
    queryFn: () =>
      call(listHouseholds, { query: { mine: mine ? 'true' : undefined, q: q || undefined, limit: 50 } }),
    enabled: isEnabled && (mine || q.length > 0),
  });
}

/** Accounts a case can be dispatched to (a repair worker with a login). */
export function useDispatchUsers(q: string) {
  return useQuery({
    queryKey: caseKeys.users(q),
    queryFn: () => call(listUsers, { query: { q: q || undefined } }),
  });
}

function useCaseMutation<V>(fn: (variables: V) => Promise<CaseDetail>, idOf?: (variables: V) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Refused because the case moved on (409): reload it so the buttons match its new state.
    onError: (error, variables) => {
      if (isApiError(error) && error.status === 409 && idOf)
        void queryClient.invalidateQueries({ queryKey: caseKeys.detail(idOf(variables)) });
    },
    onSuccess: (detail) => {
      queryClient.setQueryData(caseKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({
        queryKey: caseKeys.all,
        predicate: (q) => q.queryKey[1] !== 'detail' && q.queryKey[1] !== 'categories',
      });
    },
  });
}

export function useSubmitCase() {
  return useCaseMutation((body: SubmitCaseBody) => call(submitCase, { body }));
}

export function useCaseAction() {
  return useCaseMutation(
    ({ id, action, body }: { id: string; action: CaseAction; body: CaseActionBody }) =>
      call(performCaseAction, { params: { id, action }, body }),
    (variables) => variables.id,
  );
}

export function useSetRelatedParty() {
  return useCaseMutation(
    ({ id, householdId }: { id: string; householdId: string | null }) =>
      call(setCaseRelatedParty, { params: { id }, body: { householdId } }),
    (variables) => variables.id,
  );
}

export function useRateCase() {
  return useCaseMutation(
    ({ id, body }: { id: string; body: RateCaseBody }) => call(rateCase, { params: { id }, body }),
    (variables) => variables.id,
  );
}

/** Uploads one photo; the id goes into `attachmentIds` of the submit or action. */
export function uploadPhoto(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload(uploadCaseAttachment, form);
}
