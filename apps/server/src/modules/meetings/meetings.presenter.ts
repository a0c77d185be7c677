import type {
  Duty,
  Invitee,
  MeetingKind,
  MeetingSummary,
  Recurrence,
  Suggestion,
} from '@gongzhi/contract/meetings';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toSummary(m: {
  id: string;
  seriesId: string | null;
  nodeId: string;
  nodeName: string;
  kind: string;
  title: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  urgentReason: string | null;
  cancelledAt: Date | null;
  feedbackCompletedAt: Date | null;
}): MeetingSummary {
  return {
    id: m.id,
    seriesId: m.seriesId,
    nodeId: m.nodeId,
    nodeName: m.nodeName,
    kind: m.kind as MeetingKind,
    title: m.title,
    place: m.place,
    startsAt: iso(m.startsAt)!,
    endsAt: iso(m.endsAt)!,
    isUrgent: m.urgentReason !== null,
    isCancelled: m.cancelledAt !== null,
    feedbackCompleted: m.feedbackCompletedAt !== null,
  };
}

export function toInvitee(i: {
  id: string;
  userId: string | null;
  positionId: string | null;
  name: string;
  attendance: string | null;
  checkedInVia: string | null;
  checkedInAt: Date | null;
}): Invitee {
  return {
    id: i.id,
    userId: i.userId,
    positionId: i.positionId,
    name: i.name,
    attendance: i.attendance as Invitee['attendance'],
    checkedInVia: i.checkedInVia as Invitee['checkedInVia'],
    checkedInAt: iso(i.checkedInAt),
  };
}

export function toSuggestion(
  s: {
    id: string;
    seq: number;
    content: string;
    raisedBy: string | null;
    ownerUserId: string;
    ownerName: string;
    dueOn: string;
    reply: string | null;
    repliedAt: Date | null;
  },
  today: string,
  topicId: string | null,
): Suggestion {
  return {
    id: s.id,
    seq: s.seq,
    content: s.content,
    raisedBy: s.raisedBy,
    ownerUserId: s.ownerUserId,
    ownerName: s.ownerName,
    dueOn: s.dueOn,
    reply: s.reply,
    repliedAt: iso(s.repliedAt),
    isOverdue: s.reply === null && s.dueOn < today,
    topicId,
  };
}

export function toRecurrence(value: unknown): Recurrence | null {
  return (value ?? null) as Recurrence | null;
}

export function toDuty(
  d: {
    id: string;
    day: string;
    slot: number;
    positionId: string;
    chiefName: string;
    chiefUserId: string | null;
    substitutePositionId: string | null;
    substituteName: string | null;
    substituteUserId: string | null;
    substituteReason: string | null;
    status: string;
    checkedInAt: Date | null;
  },
  userId: string,
): Duty {
  const onDutyUser = d.substitutePositionId ? d.substituteUserId : d.chiefUserId;
  return {
    id: d.id,
    day: d.day,
    slot: d.slot,
    positionId: d.positionId,
    chiefName: d.chiefName,
    substitutePositionId: d.substitutePositionId,
    substituteName: d.substituteName,
    substituteReason: d.substituteReason,
    status: d.status as Duty['status'],
    checkedInAt: iso(d.checkedInAt),
    isMine: onDutyUser === userId,
  };
}
