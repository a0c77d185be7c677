import type {
  Council,
  CouncilParty,
  HolidayRule,
  RegularDay,
  TopicAction,
  TopicDetail,
  TopicMode,
  TopicState,
  TopicSummary,
} from '@gongzhi/contract/deliberation';
import type { CouncilRow, TopicRow } from './deliberation.repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentCouncil(
  row: CouncilRow,
  members: { id: string; name: string; party: string; userId: string | null }[],
  canManage: boolean,
): Council {
  return {
    id: row.id,
    communityId: row.communityId,
    communityName: row.communityName,
    parentId: row.parentId,
    parentName: row.parentName,
    name: row.name,
    leaderPositionId: row.leaderPositionId,
    leaderName: row.leaderName,
    regularWeek: row.regularWeek,
    regularWeekday: row.regularWeekday,
    holidayRule: row.holidayRule as HolidayRule,
    quorumPercent: row.quorumPercent,
    majorityPercent: row.majorityPercent,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      party: m.party as CouncilParty,
      userId: m.userId,
    })),
    canManage,
  };
}

export function presentTopicSummary(row: TopicRow): TopicSummary {
  return {
    id: row.id,
    communityId: row.communityId,
    title: row.title,
    category: row.category,
    state: row.state as TopicState,
    source: row.source as TopicSummary['source'],
    sourceCouncilName: row.sourceCouncilName,
    proposerName: row.proposerName,
    mode: row.mode as TopicMode | null,
    scheduledOn: row.scheduledOnText,
    caseId: row.caseId,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export interface TopicExtras {
  attendance: {
    memberId: string;
    name: string;
    party: string;
    present: boolean;
    positionText: string | null;
  }[];
  items: {
    id: string;
    description: string;
    implementer: string;
    deadline: string;
    doneAt: Date | null;
    doneNote: string | null;
  }[];
  ballotsCast: number;
  myBallot: 'for' | 'against' | 'abstain' | null;
  canVote: boolean;
  proxies: {
    grantorMemberId: string;
    grantorName: string;
    proxyMemberId: string;
    proxyName: string;
    voted: boolean;
  }[];
  canVoteFor: { memberId: string; name: string }[];
  amendments: { id: string; corrects: string; text: string; authorName: string; createdAt: Date }[];
  scheduleProposal: RegularDay | null;
  allowedActions: TopicAction[];
}

export function presentTopicDetail(row: TopicRow, x: TopicExtras): TopicDetail {
  return {
    ...presentTopicSummary(row),
    description: row.description,
    nodeId: row.nodeId,
    nodeName: row.nodeName,
    councilId: row.councilId,
    councilName: row.councilName,
    convertedCaseId: row.convertedCaseId,
    reply: row.reply,
    regularDay: row.regularDayText,
    holidayConflict: row.holidayConflict,
    voteOpensAt: iso(row.voteOpensAt),
    voteClosesAt: iso(row.voteClosesAt),
    deliberatedOn: row.deliberatedOnText,
    deliberationNote: row.deliberationNote,
    attendance: x.attendance.map((a) => ({
      memberId: a.memberId,
      name: a.name,
      party: a.party as CouncilParty,
      present: a.present,
      position: a.positionText,
    })),
    decision:
      row.outcomeKind && row.decision !== null
        ? {
            outcomeKind: row.outcomeKind as 'consensus' | 'vote',
            memberCount: row.memberCount ?? 0,
            presentCount: row.presentCount ?? 0,
            votesFor: row.votesFor,
            votesAgainst: row.votesAgainst,
            votesAbstain: row.votesAbstain,
            quorumMet: row.quorumMet ?? false,
            passed: row.passed ?? false,
            text: row.decision,
            caseOutcome: row.caseOutcome as 'dispatch' | 'close' | null,
          }
        : null,
    items: x.items.map((i) => ({
      id: i.id,
      description: i.description,
      implementer: i.implementer,
      deadline: i.deadline,
      doneAt: iso(i.doneAt),
      doneNote: i.doneNote,
    })),
    feedback: row.feedback,
    publishedAt: iso(row.publishedAt),
    scheduleProposal: x.scheduleProposal,
    ballotsCast: x.ballotsCast,
    myBallot: x.myBallot,
    canVote: x.canVote,
    proxies: x.proxies.map((p) => ({
      grantorMemberId: p.grantorMemberId,
      grantorName: p.grantorName,
      proxyMemberId: p.proxyMemberId,
      proxyName: p.proxyName,
      voted: p.voted,
    })),
    canVoteFor: x.canVoteFor,
    recordClosed: row.decidedAt !== null,
    amendments: x.amendments.map((a) => ({ ...a, createdAt: iso(a.createdAt)! })),
    allowedActions: x.allowedActions,
  };
}
