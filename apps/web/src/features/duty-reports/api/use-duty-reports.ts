import {
  acknowledgeDutyReport,
  createPartyLessonTopic,
  evaluateDutyReport,
  getDutyRanking,
  getDutySetting,
  getDutyStats,
  getMyDutyReports,
  holdPartyLesson,
  listCommunityDutyReports,
  listPartyLessons,
  listPartyLessonTopics,
  listScorablePartyLessons,
  recordOralDutyReport,
  scorePartyLesson,
  submitDutyReport,
  updateDutySetting,
} from '@gongzhi/contract/duty-reports';
import { listPartyOrgs } from '@gongzhi/contract/organisation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';

type PeriodQuery = { periodKind: 'month' | 'year'; period: string };

export function useMyDutyReports(q: PeriodQuery) {
  return useQuery({
    queryKey: ['duty-reports', 'mine', q],
    queryFn: () => call(getMyDutyReports, { query: q }),
  });
}

export function useCommunityDutyReports(q: (PeriodQuery & { communityId: string }) | null) {
  return useQuery({
    queryKey: ['duty-reports', 'community', q],
    queryFn: () => call(listCommunityDutyReports, { query: q! }),
    enabled: q !== null,
  });
}

export function useDutyStats(q: (PeriodQuery & { nodeId: string }) | null) {
  return useQuery({
    queryKey: ['duty-reports', 'stats', q],
    queryFn: () => call(getDutyStats, { query: q! }),
    enabled: q !== null,
  });
}

export function useDutyRanking(communityId: string, year: number) {
  return useQuery({
    queryKey: ['duty-reports', 'ranking', communityId, year],
    queryFn: () => call(getDutyRanking, { query: { communityId, year } }),
  });
}

export function useDutySetting(communityId: string | undefined) {
  return useQuery({
    queryKey: ['duty-reports', 'setting', communityId],
    queryFn: () => call(getDutySetting, { query: { communityId: communityId! } }),
    enabled: Boolean(communityId),
  });
}

/** Every 述职 change refreshes the lists of both the chief and the community. */
function useDutyMutation<I>(fn: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['duty-reports'] }),
  });
}

export const useSubmitDutyReport = () =>
  useDutyMutation((body: CallInput<typeof submitDutyReport>['body']) => call(submitDutyReport, { body }));
export const useRecordOralDutyReport = () =>
  useDutyMutation((body: CallInput<typeof recordOralDutyReport>['body']) =>
    call(recordOralDutyReport, { body }),
  );
export const useEvaluateDutyReport = () =>
  useDutyMutation((v: { id: string; grade: string; comment?: string }) =>
    call(evaluateDutyReport, { params: { id: v.id }, body: { grade: v.grade, comment: v.comment } }),
  );
export const useUpdateDutySetting = () =>
  useDutyMutation((v: { communityId: string; grades: string[]; dueDay: number }) =>
    call(updateDutySetting, {
      query: { communityId: v.communityId },
      body: { grades: v.grades, dueDay: v.dueDay },
    }),
  );
export const useAcknowledgeDutyReport = () =>
  useDutyMutation((id: string) => call(acknowledgeDutyReport, { params: { id } }));

export function usePartyOrgs(nodeId: string | undefined) {
  return useQuery({
    queryKey: ['party-lessons', 'orgs', nodeId],
    queryFn: () => call(listPartyOrgs, { query: { nodeId: nodeId! } }),
    enabled: Boolean(nodeId),
  });
}

export function useLessonTopics(orgId: string | undefined) {
  return useQuery({
    queryKey: ['party-lessons', 'topics', orgId],
    queryFn: () => call(listPartyLessonTopics, { query: { orgId: orgId! } }),
    enabled: Boolean(orgId),
  });
}

export function usePartyLessons(orgId: string | undefined, year: number) {
  return useQuery({
    queryKey: ['party-lessons', 'list', orgId, year],
    queryFn: () => call(listPartyLessons, { query: { orgId: orgId!, year } }),
    enabled: Boolean(orgId),
  });
}

export function useOpenLessons() {
  return useQuery({ queryKey: ['party-lessons', 'open'], queryFn: () => call(listScorablePartyLessons) });
}

function useLessonMutation<I>(fn: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['party-lessons'] }),
  });
}

export const useCreateTopic = () =>
  useLessonMutation((body: CallInput<typeof createPartyLessonTopic>['body']) =>
    call(createPartyLessonTopic, { body }),
  );
export const useHoldLesson = () =>
  useLessonMutation((body: CallInput<typeof holdPartyLesson>['body']) => call(holdPartyLesson, { body }));
export const useScoreLesson = () =>
  useLessonMutation((v: { id: string; stars: number }) =>
    call(scorePartyLesson, { params: { id: v.id }, body: { stars: v.stars } }),
  );
