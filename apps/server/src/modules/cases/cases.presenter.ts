import {
  CASE_STATE_LABELS,
  type CaseAction,
  type CaseAttachment,
  type CaseChannel,
  type CaseDetail,
  type CaseRole,
  type CaseState,
  type CaseSummary,
  type CaseUrgency,
  SATISFACTION_LABELS,
} from '@gongzhi/contract/cases';
import { MACHINE_ACTION_LABELS } from './case-machine.ts';
import { slaLevelAt } from './case-sla.ts';
import type { CaseRow, CaseSummaryRow } from './cases.repository.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function attachmentUrl(id: string): string {
  return `/api/v1/case-attachments/${id}`;
}

export function presentAttachment(a: {
  id: string;
  fileName: string;
  mime: string;
  size: number;
}): CaseAttachment {
  return { id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, url: attachmentUrl(a.id) };
}

export function presentSummary(c: CaseSummaryRow, now = new Date()): CaseSummary {
  return {
    id: c.id,
    caseNo: c.caseNo,
    title: c.title,
    categoryCode: c.categoryCode,
    categoryName: c.categoryName,
    channel: c.channel as CaseChannel,
    urgency: c.urgency as CaseUrgency,
    state: c.state as CaseState,
    stateLabel: CASE_STATE_LABELS[c.state as CaseState],
    address: c.householdAddress || c.nodeName,
    assigneeName: c.assigneeName,
    dueAt: iso(c.dueAt),
    overallDueAt: iso(c.overallDueAt),
    sla: slaLevelAt(c, now),
    escalationLevel: c.escalationLevel,
    handledLocally: c.handledLocally,
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
  };
}

export interface DetailParts {
  events: {
    id: string;
    at: Date;
    actorName: string | null;
    action: string;
    fromState: string | null;
    toState: string | null;
    note: string | null;
  }[];
  attachments: { id: string; eventId: string | null; fileName: string; mime: string; size: number }[];
  ratings: {
    round: number;
    resolved: boolean;
    satisfaction: number;
    isProxyRating: boolean;
    ratedAt: Date;
  }[];
  roles: CaseRole[];
  allowedActions: CaseAction[];
  canRate: boolean;
  /** The contact's phone in clear, only for the handler on an open job. */
  contactPhoneClear: string | null;
  view: 'full' | 'job';
}

const JOB_HIDDEN = null;
const EVENT_LABELS: Record<string, string> = {
  ...MACHINE_ACTION_LABELS,
  submit: '反映问题',
  sla_escalation: '超时升级提醒',
  related_party: '登记相关方',
  related_party_informed: '告知相关方',
};

export function presentDetail(c: CaseRow, p: DetailParts): CaseDetail {
  const isJob = p.view === 'job';
  const attachments = p.attachments.map(presentAttachment);
  const timeline = p.events.map((e) => ({
    id: e.id,
    at: iso(e.at)!,
    actorName: e.actorName,
    action: e.action,
    actionLabel: EVENT_LABELS[e.action] ?? e.action,
    fromState: e.fromState as CaseState | null,
    toState: e.toState as CaseState | null,
    note: e.note,
    attachments: p.attachments.filter((a) => a.eventId === e.id).map(presentAttachment),
  }));
  return {
    ...presentSummary(c),
    view: p.view,
    description: c.description,
    householdId: isJob ? JOB_HIDDEN : c.householdId,
    relatedHousehold:
      isJob || !c.relatedHouseholdId
        ? null
        : { householdId: c.relatedHouseholdId, address: c.relatedHouseholdAddress ?? '' },
    reporterName: isJob ? JOB_HIDDEN : c.reporterName,
    proxyName: isJob ? JOB_HIDDEN : c.proxyName,
    contactName: c.contactName,
    contactPhone: p.contactPhoneClear ?? c.contactPhoneMasked,
    handlerName: c.handlerDisplayName,
    handlerContact: c.handlerContact,
    reply: isJob ? JOB_HIDDEN : c.reply,
    replyAt: isJob ? JOB_HIDDEN : iso(c.replyAt),
    mergedIntoCaseNo: c.mergedIntoCaseNo,
    parkedReviewOn: c.parkedReviewOn,
    reopenCount: c.reopenCount,
    extensionRequestedDays: c.extensionRequestedDays,
    ratings: isJob
      ? []
      : p.ratings.map((r) => ({
          round: r.round,
          resolved: r.resolved,
          satisfaction: r.satisfaction,
          satisfactionLabel: SATISFACTION_LABELS[r.satisfaction as 1 | 2 | 3 | 4 | 5],
          isProxyRating: r.isProxyRating,
          ratedAt: iso(r.ratedAt)!,
        })),
    // The handler's job view keeps only what the work needs: no other people's names, notes or ratings.
    timeline: isJob ? timeline.map((e) => ({ ...e, actorName: null, note: null })) : timeline,
    attachments,
    myRoles: p.roles,
    allowedActions: p.allowedActions,
    canRate: p.canRate,
  };
}
