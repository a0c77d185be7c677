import {
  addMeetingAmendment,
  type CheckInBody,
  type CreateMeetingBodySchema,
  cancelMeeting,
  checkInDuty,
  checkInMeeting,
  closeMeeting,
  completeFeedback,
  createMeeting,
  extendMeetingSeries,
  generateRota,
  getMeeting,
  getRollcallReport,
  getRota,
  type ListMeetingsQuery,
  listLeaves,
  listMeetings,
  type RollcallReportQuery,
  type RotaQuery,
  raiseTopicFromSuggestion,
  recordAttendance,
  recordLeave,
  replySuggestion,
  revokeCalendarToken,
  rotateCalendarToken,
  saveMinutes,
  substituteDuty,
} from '@gongzhi/contract/meetings';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { call } from '../../../lib/api-client.ts';

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (q: ListMeetingsQuery) => ['meetings', 'list', q] as const,
  detail: (id: string) => ['meetings', 'detail', id] as const,
  rota: (q: RotaQuery) => ['meetings', 'rota', q] as const,
  leaves: (q: RotaQuery) => ['meetings', 'leaves', q] as const,
  report: (q: RollcallReportQuery) => ['meetings', 'report', q] as const,
};

export function useMeetings(query: ListMeetingsQuery) {
  return useQuery({
    queryKey: meetingKeys.list(query),
    queryFn: () => call(listMeetings, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string) {
  return useQuery({ queryKey: meetingKeys.detail(id), queryFn: () => call(getMeeting, { params: { id } }) });
}

/** Every meeting mutation refreshes the meeting lists and details, which are cheap. */
function useMeetingMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingKeys.all }),
  });
}

export const useCreateMeeting = () =>
  useMeetingMutation((body: z.input<typeof CreateMeetingBodySchema>) => call(createMeeting, { body }));
export const useCancelMeeting = () =>
  useMeetingMutation((input: { id: string; reason: string }) =>
    call(cancelMeeting, { params: { id: input.id }, body: { reason: input.reason } }),
  );
export const useExtendSeries = () =>
  useMeetingMutation((input: { id: string; until: string }) =>
    call(extendMeetingSeries, { params: { id: input.id }, body: { until: input.until } }),
  );
export const useCheckIn = () => useMeetingMutation((body: CheckInBody) => call(checkInMeeting, { body }));
export const useRecordAttendance = () =>
  useMeetingMutation(
    (input: { id: string; entries: { inviteeId: string; attendance: 'attended' | 'absent' | null }[] }) =>
      call(recordAttendance, { params: { id: input.id }, body: { entries: input.entries } }),
  );
export const useSaveMinutes = () =>
  useMeetingMutation(
    (input: {
      id: string;
      body: {
        minutes: string;
        decisions?: string[];
        newSuggestions?: { content: string; raisedBy?: string; ownerUserId: string; dueOn: string }[];
      };
    }) => call(saveMinutes, { params: { id: input.id }, body: input.body }),
  );
export const useReplySuggestion = () =>
  useMeetingMutation((input: { id: string; reply: string }) =>
    call(replySuggestion, { params: { id: input.id }, body: { reply: input.reply } }),
  );
export const useRaiseTopic = () =>
  useMeetingMutation((id: string) => call(raiseTopicFromSuggestion, { params: { id } }));
export const useCloseMeeting = () =>
  useMeetingMutation((id: string) => call(closeMeeting, { params: { id } }));
export const useAddMeetingAmendment = () =>
  useMeetingMutation((input: { id: string; corrects: string; text: string }) =>
    call(addMeetingAmendment, {
      params: { id: input.id },
      body: { corrects: input.corrects, text: input.text },
    }),
  );
export const useCompleteFeedback = () =>
  useMeetingMutation((id: string) => call(completeFeedback, { params: { id } }));
export const useRotateCalendarToken = () => useMutation({ mutationFn: () => call(rotateCalendarToken) });
export const useRevokeCalendarToken = () => useMutation({ mutationFn: () => call(revokeCalendarToken) });

export function useRota(query: RotaQuery | null) {
  return useQuery({
    queryKey: meetingKeys.rota(query ?? { nodeId: '', month: '' }),
    queryFn: () => call(getRota, { query: query! }),
    enabled: query !== null,
  });
}

export function useLeaves(query: RotaQuery | null, enabled: boolean) {
  return useQuery({
    queryKey: meetingKeys.leaves(query ?? { nodeId: '', month: '' }),
    queryFn: () => call(listLeaves, { query: query! }),
    enabled: query !== null && enabled,
  });
}

export function useRollcallReport(query: RollcallReportQuery | null) {
  return useQuery({
    queryKey: meetingKeys.report(query ?? { nodeId: '', from: '', to: '' }),
    queryFn: () => call(getRollcallReport, { query: query! }),
    enabled: query !== null,
  });
}

export const useGenerateRota = () =>
  useMeetingMutation((body: { nodeId: string; month: string; perDay: number }) =>
    call(generateRota, { body }),
  );
export const useSubstituteDuty = () =>
  useMeetingMutation((input: { id: string; substitutePositionId: string; reason: string }) =>
    call(substituteDuty, {
      params: { id: input.id },
      body: { substitutePositionId: input.substitutePositionId, reason: input.reason },
    }),
  );
export const useCheckInDuty = () =>
  useMeetingMutation((input: { id: string; status: 'attended' | 'absent' | 'substituted' }) =>
    call(checkInDuty, { params: { id: input.id }, body: { status: input.status } }),
  );
export const useRecordLeave = () =>
  useMeetingMutation((body: { positionId: string; fromDay: string; toDay: string; reason?: string }) =>
    call(recordLeave, { body }),
  );
