import {
  type AddAmendmentBody,
  addTopicAmendment,
  castTopicVote,
  completeTopicItem,
  createCouncil,
  getDeliberationReport,
  getTopic,
  listCouncils,
  listRegularDays,
  listTopics,
  type ProposeTopicBody,
  performTopicAction,
  proposeTopic,
  recordCouncilMeeting,
  recordTopicProxy,
  type SaveCouncilBody,
  type SaveMeetingBody,
  type TopicAction,
  type TopicActionBody,
  type TopicDetail,
  updateCouncil,
} from '@gongzhi/contract/deliberation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

export const deliberationKeys = {
  all: ['deliberation'] as const,
  councils: ['deliberation', 'councils'] as const,
  regularDays: (id: string, from: string) => ['deliberation', 'regular-days', id, from] as const,
  topics: ['deliberation', 'topics'] as const,
  topic: (id: string) => ['deliberation', 'topic', id] as const,
  report: (communityId: string, year: number) => ['deliberation', 'report', communityId, year] as const,
};

export function useCouncils() {
  return useQuery({ queryKey: deliberationKeys.councils, queryFn: () => call(listCouncils) });
}

export function useRegularDays(id: string | undefined, from: string) {
  return useQuery({
    queryKey: deliberationKeys.regularDays(id ?? '', from),
    queryFn: () => call(listRegularDays, { params: { id: id ?? '' }, query: { from, count: 6 } }),
    enabled: Boolean(id),
  });
}

export function useSaveCouncil() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: SaveCouncilBody }) => {
      if (!id) return call(createCouncil, { body });
      const { communityId: _community, ...rest } = body;
      return call(updateCouncil, { params: { id }, body: rest });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliberationKeys.all }),
  });
}

export function useRecordMeeting(councilId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveMeetingBody) => call(recordCouncilMeeting, { params: { id: councilId }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliberationKeys.topics }),
  });
}

export function useTopics() {
  return useQuery({ queryKey: deliberationKeys.topics, queryFn: () => call(listTopics) });
}

export function useTopic(id: string | undefined) {
  return useQuery({
    queryKey: deliberationKeys.topic(id ?? ''),
    queryFn: () => call(getTopic, { params: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

function useTopicUpdate() {
  const queryClient = useQueryClient();
  return (topic: TopicDetail) => {
    queryClient.setQueryData(deliberationKeys.topic(topic.id), topic);
    void queryClient.invalidateQueries({ queryKey: deliberationKeys.topics });
  };
}

export function useProposeTopic() {
  const onSuccess = useTopicUpdate();
  return useMutation({ mutationFn: (body: ProposeTopicBody) => call(proposeTopic, { body }), onSuccess });
}

export function useTopicAction(id: string) {
  const onSuccess = useTopicUpdate();
  return useMutation({
    mutationFn: ({ action, body }: { action: TopicAction; body: TopicActionBody }) =>
      call(performTopicAction, { params: { id, action }, body }),
    onSuccess,
  });
}

export function useVote(id: string) {
  const onSuccess = useTopicUpdate();
  return useMutation({
    mutationFn: (body: { choice: 'for' | 'against' | 'abstain'; forMemberId?: string }) =>
      call(castTopicVote, { params: { id }, body }),
    onSuccess,
  });
}

export function useRecordProxy(id: string) {
  const onSuccess = useTopicUpdate();
  return useMutation({
    mutationFn: (body: { grantorMemberId: string; proxyMemberId: string }) =>
      call(recordTopicProxy, { params: { id }, body }),
    onSuccess,
  });
}

export function useAddTopicAmendment(id: string) {
  const onSuccess = useTopicUpdate();
  return useMutation({
    mutationFn: (body: AddAmendmentBody) => call(addTopicAmendment, { params: { id }, body }),
    onSuccess,
  });
}

export function useCompleteItem(id: string) {
  const onSuccess = useTopicUpdate();
  return useMutation({
    mutationFn: ({ itemId, note }: { itemId: string; note?: string }) =>
      call(completeTopicItem, { params: { id, itemId }, body: { note } }),
    onSuccess,
  });
}

export function useDeliberationReport(communityId: string | undefined, year: number) {
  return useQuery({
    queryKey: deliberationKeys.report(communityId ?? '', year),
    queryFn: () => call(getDeliberationReport, { query: { communityId: communityId ?? '', year } }),
    enabled: Boolean(communityId),
  });
}
