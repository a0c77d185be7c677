import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CASE_LIMITS,
  type CaseAction,
  type CaseActionBody,
  type CaseDetail,
  type CaseLimits,
  type CaseRole,
  type CaseState,
  type CaseUrgency,
  FINAL_CASE_STATES,
  type RateCaseBody,
  type SlaLevel,
  type SubmitCaseBody,
} from '@gongzhi/contract/cases';
import { hasAnyScope, isWithin, scopeOf } from '../../platform/access/actor.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/audit-log.ts';
import { type ClockUnit, workingCalendar } from '../../platform/calendar/index.ts';
import { maskPhone } from '../../platform/crypto.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { decodeCursor, pageFrom } from '../../platform/http/keyset-cursor.ts';
import { createTopicFromCase } from '../deliberation/index.ts';
import { notify } from '../notifications/index.ts';
import { holdersAbove } from '../organisation/index.ts';
import { ensureCategories } from './case-categories.ts';
import * as intake from './case-intake.repository.ts';
import { allowedActions, type MachineAction, transition } from './case-machine.ts';
import { informRelatedParty } from './case-parties.service.ts';
import { effectiveLimits, signAndTriage } from './case-settings.service.ts';
import { dueOnEntering, overallDue, SLA, SLA_LEVEL_NUMBER, type SlaInput } from './case-sla.ts';
import { findCaseForActor, isJobViewOnly, rolesOn } from './cases.policy.ts';
import { type DetailParts, presentAttachment, presentDetail, presentSummary } from './cases.presenter.ts';
import type { CaseRow, CaseSummaryRow } from './cases.repository.ts';
import * as repo from './cases.repository.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'crypto'>;

const conflict = (message: string) => new AppError('CONFLICT', message);
const link = (id: string) => `/cases/${id}`;
const JOB_STATES: readonly string[] = ['DISPATCHED', 'IN_PROGRESS', 'EXTENSION_PENDING'];
export const COMMUNITY_HEADS = ['secretary', 'director'];

function slaInput(c: {
  urgency: string;
  signLimitHours: number;
  handleLimit: number;
  handleUnit: string;
}): SlaInput {
  return {
    urgency: c.urgency as CaseUrgency,
    signLimitHours: c.signLimitHours,
    handleLimit: c.handleLimit,
    handleUnit: c.handleUnit as ClockUnit,
  };
}

/** Fields that restart the node clock when a case enters `state`. */
function enterNode(state: CaseState, c: SlaInput, now: Date) {
  const due = dueOnEntering(state, c, now);
  return {
    state,
    nodeStartedAt: now,
    dueAt: due.dueAt,
    dueUnit: due.dueUnit,
    slaLevel: 0,
    escalationLevel: 0,
  };
}

async function detailOf(
  deps: Deps,
  ctx: RequestContext,
  row: CaseRow,
  roles: CaseRole[],
  loaded?: Pick<DetailParts, 'events' | 'attachments' | 'ratings'>,
): Promise<CaseDetail> {
  // A case just submitted passes its timeline in hand instead of reading it back.
  const [events, attachments, ratings] = loaded
    ? [loaded.events, loaded.attachments, loaded.ratings]
    : await Promise.all([
        repo.listEvents(deps.db, ctx.districtId, row.id),
        repo.listAttachments(deps.db, ctx.districtId, row.id),
        repo.listRatings(deps.db, ctx.districtId, row.id),
      ]);
  const view = isJobViewOnly(ctx.actor, roles, row.nodePathText) ? 'job' : 'full';
  const isOpenJob = roles.includes('handler') && JOB_STATES.includes(row.state);
  return presentDetail(row, {
    events,
    attachments,
    ratings,
    roles,
    allowedActions: allowedActions(row.state as CaseState, roles),
    canRate: ratingRefusal(row, roles, new Date()) === null,
    contactPhoneClear: isOpenJob && row.contactPhoneEnc ? deps.crypto.decrypt(row.contactPhoneEnc) : null,
    view,
  });
}

/**
 * One case with its timeline; an external handler gets the job view (address, contact, description).
 * @throws NOT_FOUND
 */
export async function getCase(deps: Deps, ctx: RequestContext, id: string): Promise<CaseDetail> {
  const { row, roles } = await findCaseForActor(deps.db, ctx, id);
  return detailOf(deps, ctx, row, roles);
}

// ---------------------------------------------------------------- submit

interface Subject {
  mode: 'self' | 'proxy';
  householdId: string | null;
  nodeId: string;
  nodePath: string;
  address: string;
  reporterResidentId: string | null;
}

/** Who and where a submission is about, checked against the facts intake read in one statement. */
function resolveSubject(ctx: RequestContext, body: SubmitCaseBody, f: intake.IntakeFacts): Subject {
  const { actor } = ctx;
  const own = intake.ownOf(f);
  const submitScope = scopeOf(actor, 'cases.submit');
  let householdId = body.householdId ?? null;
  const reporterResidentId = body.reporterResidentId ?? null;
  if (!householdId && reporterResidentId) {
    if (!f.repId) throw notFound('居民');
    householdId = f.repHouseholdId;
  }
  if (!householdId && !body.nodeId) {
    if (own) householdId = own.householdId;
    else if (hasAnyScope(submitScope)) throw invalid('householdId', '请选择反映问题的住户或地点');
    else throw forbidden('您的账号尚未关联居民信息，请联系社区工作人员');
  }
  const isSelf =
    own !== undefined && householdId === own.householdId && (reporterResidentId ?? own.id) === own.id;
  if (!isSelf && !hasAnyScope(submitScope)) throw forbidden('您没有代报诉求的权限');

  if (householdId) {
    if (f.householdId !== householdId) throw notFound('户');
    const inScope =
      isSelf || submitScope.everywhere || isWithin(f.nodePath!, submitScope.paths) || f.isLinked;
    if (!inScope) throw notFound('户');
    if (reporterResidentId) {
      if (!f.repId) throw notFound('居民');
      if (f.repHouseholdId !== householdId) throw invalid('reporterResidentId', '反映人不是该户的居民');
    }
    return {
      mode: isSelf ? 'self' : 'proxy',
      householdId,
      nodeId: f.householdNodeId!,
      nodePath: f.nodePath!,
      address: f.householdAddress!,
      reporterResidentId: reporterResidentId ?? (isSelf ? own!.id : f.headResidentId),
    };
  }
  // A place without a household (a public facility): only staff with a subtree over it may report it.
  if (!f.nodeId || !(submitScope.everywhere || isWithin(f.nodePath!, submitScope.paths))) {
    throw notFound('地点');
  }
  return {
    mode: 'proxy',
    householdId: null,
    nodeId: f.nodeId,
    nodePath: f.nodePath!,
    address: f.nodeName!,
    reporterResidentId: null,
  };
}

/** The reporter's name, contact and login, from the resident row intake already read. */
function reporterOf(f: intake.IntakeFacts, residentId: string | null) {
  if (!residentId) return undefined;
  if (residentId === f.repId) {
    return { name: f.repName!, phoneEnc: f.repPhoneEnc, phoneMasked: f.repPhoneMasked, userId: f.repUserId };
  }
  if (residentId === f.ownId) {
    return { name: f.ownName!, phoneEnc: f.ownPhoneEnc, phoneMasked: f.ownPhoneMasked, userId: null };
  }
  return {
    name: f.headName!,
    phoneEnc: f.headPhoneEnc,
    phoneMasked: f.headPhoneMasked,
    userId: f.headUserId,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

/**
 * Files a case (self-service or proxy intake) and routes it to the household's first responder. A second
 * submission with the same idempotency key returns the first case.
 * @throws VALIDATION_FAILED (categoryCode, channel, attachmentIds, householdId), FORBIDDEN, NOT_FOUND
 */
export async function submitCase(
  deps: Deps,
  ctx: RequestContext,
  body: SubmitCaseBody,
  headerKey: string | undefined,
): Promise<CaseDetail> {
  const { db } = deps;
  const { districtId, actor } = ctx;
  const key = (headerKey ?? body.idempotencyKey ?? '').trim().slice(0, 80) || null;
  const input = {
    userId: actor.userId,
    householdId: body.householdId ?? null,
    nodeId: body.nodeId ?? null,
    reporterResidentId: body.reporterResidentId ?? null,
    categoryCode: body.categoryCode,
    idempotencyKey: key,
    linkedPositionIds: scopeOf(actor, 'cases.submit').linkedPositionIds,
  };
  let f = await intake.resolveIntake(db, districtId, input);
  if (f.existingCaseId) return getCase(deps, ctx, f.existingCaseId);
  const subject = resolveSubject(ctx, body, f);
  // The default catalogue is seeded when intake finds no such category in a district that has none yet.
  if (!f.categoryCode && !(await repo.hasCategories(db, districtId))) {
    await ensureCategories(db, districtId);
    f = await intake.resolveIntake(db, districtId, input);
  }
  if (!f.categoryCode) throw invalid('categoryCode', '问题类别不存在，请重新选择');
  if (f.isRetired) throw invalid('categoryCode', `问题类别“${f.categoryName}”已停用，请重新选择`);
  const channel = subject.mode === 'self' ? 'resident_app' : (body.channel ?? 'proxy');
  if (subject.mode === 'proxy' && channel === 'resident_app') {
    throw invalid('channel', '代报的诉求不能选择“居民自助”渠道');
  }
  if (!f.communityId) throw invalid('householdId', '该住户不属于任何社区');
  const community = { id: f.communityId, code: f.communityCode!, name: f.communityName! };
  const reporter = reporterOf(f, subject.reporterResidentId);
  const phone = body.contactPhone?.replace(/\s/g, '') || null;
  const reporterUserId = subject.mode === 'self' ? actor.userId : (reporter?.userId ?? null);
  const responder = f.responderId ? { id: f.responderId, holderUserId: f.responderUserId } : undefined;
  const urgency = (body.urgency ?? f.defaultUrgency) as CaseUrgency;
  const limits: CaseLimits = {
    signLimitHours: f.signLimitHours!,
    triageLimit: f.triageLimit!,
    triageUnit: f.triageUnit as ClockUnit,
    handleLimit: f.handleLimit!,
    handleUnit: f.handleUnit as ClockUnit,
  };
  const sla = { ...slaInput({ ...limits, urgency }), ...signAndTriage(limits) };
  const now = new Date();
  const categoryCode = f.categoryCode;
  const caseId = randomUUID();
  const proxy = subject.mode === 'proxy';
  const followers = [reporterUserId, proxy ? actor.userId : null];
  const notices = [
    {
      districtId,
      recipientUserIds: ids(followers),
      event: 'case.submitted',
      title: intake.aroundCaseNo('诉求已登记，编号 '),
      body: `“${body.title}”已登记，可凭编号查看办理进度。`,
      link: link(caseId),
      entityType: 'case',
      entityId: caseId,
    },
    ...(responder?.holderUserId
      ? [
          {
            districtId,
            recipientUserIds: [responder.holderUserId],
            event: 'case.submitted',
            title: `新诉求待签收：${body.title}`,
            body: intake.aroundCaseNo(`${subject.address || community.name}，编号 `, '，请在时限内签收。'),
            link: link(caseId),
            entityType: 'case',
            entityId: caseId,
          },
        ]
      : []),
  ];
  // Case number, case, submit event, audit row and notifications: one statement.
  const file = (exec: Executor) =>
    intake.fileCase(
      exec,
      community,
      {
        id: caseId,
        districtId,
        communityId: community.id,
        nodeId: subject.nodeId,
        nodePath: subject.nodePath,
        householdId: subject.householdId,
        categoryCode,
        channel,
        urgency,
        title: body.title,
        description: body.description,
        submittedBy: actor.userId,
        reporterUserId,
        reporterResidentId: subject.reporterResidentId,
        proxyUserId: proxy ? actor.userId : null,
        contactName: body.contactName || reporter?.name || null,
        contactPhoneEnc: phone ? deps.crypto.encrypt(phone) : (reporter?.phoneEnc ?? null),
        contactPhoneMasked: phone ? maskPhone(phone) : (reporter?.phoneMasked ?? null),
        firstResponderPositionId: responder?.id ?? null,
        assigneePositionId: responder?.id ?? null,
        assigneeUserId: responder?.holderUserId ?? null,
        handleLimit: limits.handleLimit,
        handleUnit: limits.handleUnit,
        overallDueAt: overallDue(sla, now),
        idempotencyKey: key,
        ...enterNode('SUBMITTED', sla, now),
        createdAt: now,
        updatedAt: now,
      },
      { actorUserId: ctx.audit.userId, actorName: ctx.audit.actorName, detail: { channel, proxy } },
      {
        ctx: ctx.audit,
        entry: {
          action: 'case.submit',
          entityType: 'case',
          entityId: caseId,
          detail: intake.withCaseNo({ channel, categoryCode, proxy }),
        },
      },
      notices,
    );
  const unique = [...new Set(body.attachmentIds)];

  let created: {
    filed: Awaited<ReturnType<typeof intake.fileCase>>;
    attachments: DetailParts['attachments'];
  };
  try {
    // Photos are linked to the submit event after it exists, all or nothing: only then is a transaction needed.
    created =
      unique.length === 0
        ? { filed: await file(db), attachments: [] }
        : await db.transaction().execute(async (tx) => {
            const filed = await file(tx);
            const attachments = await intake.linkIntakeAttachments(
              tx,
              districtId,
              unique,
              actor.userId,
              caseId,
              filed.eventId,
            );
            if (attachments.length !== unique.length) {
              throw invalid('attachmentIds', '照片不存在或已用于其他诉求，请重新上传');
            }
            return { filed, attachments };
          });
  } catch (err) {
    // Two identical submissions raced past the look-up: the loser returns the winner's case.
    if (key && isUniqueViolation(err)) {
      const existing = await repo.findCaseByIdempotencyKey(db, districtId, actor.userId, key);
      if (existing) return getCase(deps, ctx, existing.id);
    }
    throw err;
  }
  const { eventId, eventAt, eventActorName, ...inserted } = created.filed;
  const event = {
    id: eventId,
    at: eventAt,
    actorName: eventActorName,
    action: 'submit',
    fromState: null,
    toState: 'SUBMITTED',
    note: null,
  };
  // The detail row as findCase would read it back, from what this submission already holds.
  const row: CaseRow = {
    ...inserted,
    nodeName: f.nodeName!,
    categoryName: f.categoryName!,
    signLimitHours: f.categorySignLimitHours!,
    householdAddress: subject.householdId ? f.householdAddress : null,
    assigneeName: responder ? f.responderName : null,
    reporterName: reporter?.name ?? null,
    proxyName: proxy ? actor.displayName : null,
    handlerDisplayName: null,
    mergedIntoCaseNo: null,
    relatedHouseholdAddress: null,
  };
  const { attachments } = created;
  const roles = await rolesOn(db, ctx, row);
  return detailOf(deps, ctx, row, roles, { events: [event], attachments, ratings: [] });
}

function ids(list: readonly (string | null | undefined)[]): string[] {
  return [...new Set(list.filter((x): x is string => typeof x === 'string'))];
}

/** @throws VALIDATION_FAILED naming attachmentIds when one is not the caller's own unused upload */
async function linkOwnAttachments(
  tx: Tx,
  ctx: RequestContext,
  attachmentIds: readonly string[],
  caseId: string,
  eventId: string,
): Promise<void> {
  const unique = [...new Set(attachmentIds)];
  const linked = await repo.linkAttachments(tx, ctx.districtId, unique, ctx.actor.userId, caseId, eventId);
  if (linked !== unique.length) throw invalid('attachmentIds', '照片不存在或已用于其他诉求，请重新上传');
}

// ---------------------------------------------------------------- transitions

const required = (value: string | undefined, field: string, message: string): string => {
  if (!value?.trim()) throw invalid(field, message);
  return value.trim();
};

/**
 * Takes one action on a case (sign, dispatch, feedback, verify…), with its timeline event, audit row and
 * notifications in one transaction.
 * @throws NOT_FOUND, CONFLICT (state or role does not allow it, with the reason), VALIDATION_FAILED (the field)
 */
export async function performAction(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  action: CaseAction,
  body: CaseActionBody,
): Promise<CaseDetail> {
  await findCaseForActor(deps.db, ctx, id);
  await deps.db.transaction().execute(async (tx) => {
    const row = (await repo.lockCase(tx, ctx.districtId, id))!;
    const roles = await rolesOn(tx, ctx, row);
    const t = transition(row.state as CaseState, action, roles);
    if (!t.ok) throw conflict(t.reason);
    const now = new Date();
    // Sign and triage clocks follow the current settings; the handling limit is the case's own, fixed at
    // intake from the same effective limits (or set by the dispatcher).
    const limits = (await effectiveLimits(tx, ctx.districtId, row.communityId, row.categoryCode))!;
    const sla = { ...slaInput(row), ...signAndTriage(limits) };
    const step = await planStep(tx, ctx, row, action, t.to, body, sla, now);
    await applyStep(tx, ctx.audit, row, action, t.to, step, body.note ?? null, now);
    const eventId = step.eventId!;
    await linkOwnAttachments(tx, ctx, body.attachmentIds, row.id, eventId);
  });
  return getCase(deps, ctx, id);
}

interface Step {
  patch: Record<string, unknown>;
  detail: Record<string, unknown>;
  notices: { recipients: (string | null)[]; event: string; title: string; body: string }[];
  eventId?: string;
}

async function planStep(
  tx: Tx,
  ctx: RequestContext,
  row: CaseRow,
  action: CaseAction,
  to: CaseState,
  body: CaseActionBody,
  sla: SlaInput,
  now: Date,
): Promise<Step> {
  const { districtId, actor } = ctx;
  const followers = [row.reporterUserId, row.proxyUserId];
  const handler = row.handlerUserId;
  const responderUser = row.firstResponderPositionId
    ? ((await repo.holderOfPosition(tx, districtId, row.firstResponderPositionId))?.holderUserId ?? null)
    : null;
  const node = (s: CaseState) => enterNode(s, sla, now);
  const toVerifier = { assigneePositionId: row.firstResponderPositionId, assigneeUserId: responderUser };
  const toRater = { assigneePositionId: null, assigneeUserId: row.reporterUserId ?? row.proxyUserId };
  const toCommunity = { assigneePositionId: null, assigneeUserId: null };
  const reply = body.reply?.trim() || null;
  const step: Step = { patch: {}, detail: {}, notices: [] };
  const replyPatch = (text: string | null) => (text ? { reply: text, replyAt: now } : {});
  const title = row.title;

  switch (action) {
    case 'sign': {
      step.patch = {
        ...node(to),
        ...(row.assigneeUserId || row.assigneePositionId ? {} : { assigneeUserId: actor.userId }),
      };
      step.notices.push({
        recipients: followers,
        event: 'case.accepted',
        title: `诉求已签收：${row.caseNo}`,
        body: `“${title}”已由${actor.displayName}签收。`,
      });
      break;
    }
    case 'pass_up':
      step.patch = { ...node(to), ...toCommunity };
      break;
    case 'handle_locally': {
      const text = reply ?? required(body.note, 'note', '请填写就地处理的情况');
      step.patch = { ...node(to), ...toRater, handledLocally: true, ...replyPatch(text) };
      step.notices.push(ratingInvitation(row));
      break;
    }
    case 'reject': {
      const text = required(body.reply, 'reply', '不予受理也要答复反映人：请填写答复内容');
      step.patch = { ...node(to), ...toCommunity, ...replyPatch(text), closedAt: now };
      step.notices.push({
        recipients: followers,
        event: 'case.not_accepted',
        title: `诉求不予受理：${row.caseNo}`,
        body: text,
      });
      break;
    }
    case 'dispatch': {
      let handlerUserId: string | null = null;
      let handlerName = body.handlerName?.trim() || null;
      if (body.handlerUserId) {
        const u = await repo.findUserInDistrict(tx, districtId, body.handlerUserId);
        if (!u) throw invalid('handlerUserId', '办理人账号不存在或已停用');
        handlerUserId = u.id;
        handlerName ??= u.displayName;
      }
      if (!handlerUserId && !handlerName) throw invalid('handlerName', '请选择办理人或填写办理单位');
      const limited = body.handleLimit ? { ...sla, handleLimit: body.handleLimit } : sla;
      const entered = enterNode(to, limited, now);
      // A reopened case keeps its 15-working-day rectification deadline.
      const due = row.state === 'REOPENED' ? { dueAt: row.dueAt, dueUnit: row.dueUnit } : {};
      step.patch = {
        ...entered,
        ...due,
        handlerUserId,
        handlerName,
        handlerContact: body.handlerContact?.trim() || null,
        assigneePositionId: null,
        assigneeUserId: handlerUserId,
        ...(body.handleLimit ? { handleLimit: body.handleLimit } : {}),
      };
      step.detail = { handlerName, handlerUserId };
      step.notices.push(
        {
          recipients: followers,
          event: 'case.dispatched',
          title: `诉求已派单：${row.caseNo}`,
          body: `“${title}”已派给${handlerName}办理。`,
        },
        {
          recipients: [handlerUserId],
          event: 'case.dispatched',
          title: `新工单：${title}`,
          body: `${row.householdAddress || row.nodeName}，编号 ${row.caseNo}。`,
        },
      );
      break;
    }
    case 'escalate': {
      const platform = body.platform?.trim() || '街道综合执法平台';
      step.patch = { ...node(to), ...toCommunity, escalatedPlatform: platform, handlerName: platform };
      step.detail = { platform };
      break;
    }
    case 'deliberate': {
      step.patch = { ...node(to), ...toCommunity };
      // The council works on a topic; its decision comes back through applyDeliberationDecision.
      const topicId = await createTopicFromCase(tx, ctx.audit, {
        districtId,
        caseId: row.id,
        communityId: row.communityId,
        nodeId: row.nodeId,
        nodePath: row.nodePathText,
        categoryCode: row.categoryCode,
        title: row.title,
        description: row.description,
        proposerUserId: row.reporterUserId ?? row.proxyUserId,
        proposerName: row.reporterName ?? row.contactName ?? '诉求反映人',
      });
      step.detail = { topicId };
      break;
    }
    case 'return': {
      required(body.note, 'note', '请填写退单原因');
      step.patch = {
        ...node(to),
        ...toCommunity,
        handlerUserId: null,
        handlerName: null,
        handlerContact: null,
        returnCount: row.returnCount + 1,
      };
      break;
    }
    case 'start':
      // From DISPATCHED the handling clock already runs; a reopened case keeps its rectification deadline.
      step.patch = { state: to, assigneeUserId: handler, assigneePositionId: null };
      break;
    case 'feedback':
    case 'escalation_result': {
      const text = required(
        body.note,
        'note',
        action === 'feedback' ? '请填写办理情况' : '请填写上级平台的办理结果',
      );
      step.patch = { ...node(to), ...toVerifier, ...replyPatch(reply ?? (row.reply ? null : text)) };
      step.notices.push({
        recipients: [responderUser ?? null],
        event: 'case.handler_done',
        title: `待核查：${title}`,
        body: `编号 ${row.caseNo} 已办理完毕，请到现场核查。`,
      });
      break;
    }
    case 'request_extension': {
      const days = body.extensionDays;
      if (!days) throw invalid('extensionDays', '请填写申请延期的工作日数');
      if (row.extensionDaysTotal + days > SLA.extensionMaxDays) {
        throw invalid(
          'extensionDays',
          `延期累计不能超过 ${SLA.extensionMaxDays} 个工作日（已延期 ${row.extensionDaysTotal} 天）`,
        );
      }
      step.patch = { state: to, extensionRequestedDays: days, ...toCommunity };
      step.detail = { days };
      break;
    }
    case 'approve_extension': {
      const days = row.extensionRequestedDays ?? 0;
      if (row.extensionDaysTotal + days > SLA.extensionMaxDays) {
        throw conflict(`延期累计不能超过 ${SLA.extensionMaxDays} 个工作日`);
      }
      const extend = (d: Date | null) =>
        d ? workingCalendar.addDuration(d, { amount: days, unit: 'working_days' }) : null;
      step.patch = {
        state: to,
        dueAt: extend(row.dueAt),
        overallDueAt: extend(row.overallDueAt),
        slaLevel: 0,
        escalationLevel: 0,
        extensionDaysTotal: row.extensionDaysTotal + days,
        extensionRequestedDays: null,
        assigneeUserId: handler,
        assigneePositionId: null,
      };
      step.detail = { days };
      break;
    }
    case 'deny_extension':
      step.patch = {
        state: to,
        extensionRequestedDays: null,
        assigneeUserId: handler,
        assigneePositionId: null,
      };
      break;
    case 'park': {
      const reviewOn = body.reviewOn;
      if (!reviewOn) throw invalid('reviewOn', '挂账要填写复查日期');
      required(body.note, 'note', '请填写挂账原因');
      step.patch = { ...node(to), ...toCommunity, parkedReviewOn: reviewOn };
      break;
    }
    case 'unpark':
      step.patch = { ...node(to), ...toCommunity, parkedReviewOn: null };
      break;
    case 'verify_pass':
      step.patch = { ...node(to), ...toRater };
      step.notices.push(ratingInvitation(row));
      break;
    case 'verify_fail':
      required(body.note, 'note', '请填写核查不通过的原因');
      step.patch = {
        ...node(to),
        assigneeUserId: handler,
        assigneePositionId: null,
        reworkCount: row.reworkCount + 1,
      };
      step.notices.push({
        recipients: [handler],
        event: 'case.rework',
        title: `核查未通过，请返工：${title}`,
        body: body.note ?? '',
      });
      break;
    case 'withdraw':
      step.patch = { ...node(to), ...toCommunity, closedAt: now };
      break;
    case 'merge': {
      const targetId = body.mergeIntoCaseId;
      if (!targetId) throw invalid('mergeIntoCaseId', '请选择要合并到的诉求');
      if (targetId === row.id) throw invalid('mergeIntoCaseId', '不能合并到自己');
      const target = await repo.findCase(tx, districtId, targetId);
      if (!target || (await rolesOn(tx, ctx, target)).length === 0) throw notFound('要合并到的诉求');
      if (FINAL_CASE_STATES.includes(target.state as CaseState)) {
        throw conflict(`诉求 ${target.caseNo} 已结束（${target.state}），不能合并到它`);
      }
      step.patch = { ...node(to), ...toCommunity, mergedInto: target.id, closedAt: now };
      step.detail = { mergedInto: target.caseNo };
      step.notices.push({
        recipients: followers,
        event: 'case.merged',
        title: `诉求已合并：${row.caseNo}`,
        body: `与诉求 ${target.caseNo} 重复，将一并办理。`,
      });
      break;
    }
  }
  return step;
}

function ratingInvitation(row: CaseRow) {
  return {
    recipients: [row.reporterUserId ?? row.proxyUserId],
    event: 'case.rating_invitation',
    title: `请确认并评价：${row.title}`,
    body: `编号 ${row.caseNo} 已处理，请确认是否解决并评价。`,
  };
}

async function applyStep(
  tx: Tx,
  audit: AuditContext,
  row: CaseRow,
  action: MachineAction,
  to: CaseState,
  step: Step,
  note: string | null,
  now: Date,
): Promise<void> {
  // The state guard makes a stale read fail loudly instead of overwriting a concurrent transition.
  const res = await tx
    .updateTable('case')
    .set({ ...step.patch, state: to, updatedAt: now })
    .where('districtId', '=', audit.districtId)
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('诉求刚被他人处理过，请刷新后重试');
  step.eventId = await repo.insertCaseEvent(tx, audit, row.id, {
    action,
    from: row.state,
    to,
    note: note?.trim() || null,
    detail: step.detail,
  });
  await recordAudit(tx, audit, {
    action: `case.${action}`,
    entityType: 'case',
    entityId: row.id,
    detail: { caseNo: row.caseNo, from: row.state, to, ...step.detail },
  });
  for (const n of step.notices) {
    const recipientUserIds = ids(n.recipients);
    if (recipientUserIds.length === 0) continue;
    await notify(tx, {
      districtId: audit.districtId,
      recipientUserIds,
      event: n.event,
      title: n.title,
      body: n.body,
      link: link(row.id),
      entityType: 'case',
      entityId: row.id,
    });
  }
  if (to === 'CLOSED') {
    const reply = typeof step.patch.reply === 'string' ? step.patch.reply : row.reply;
    await informRelatedParty(tx, audit, { ...row, reply });
  }
}

// ---------------------------------------------------------------- rating

const isUnsatisfied = (r: { resolved: boolean; satisfaction: number }) => !r.resolved || r.satisfaction <= 2;

/** Why the holder of `roles` may not rate now, or null. */
function ratingRefusal(
  row: CaseRow,
  roles: readonly CaseRole[],
  now: Date,
  unsatisfied = false,
): string | null {
  const t = transition(row.state as CaseState, unsatisfied ? 'rate_unsatisfied' : 'rate', roles);
  if (!t.ok) return t.reason;
  if (row.state === 'CLOSED') {
    const closedAt = row.closedAt ? new Date(row.closedAt) : now;
    if (now.getTime() - closedAt.getTime() > SLA.ratingWindowDays * 86_400_000) {
      return `已超过评价期（办结后 ${SLA.ratingWindowDays} 天），不能再评价`;
    }
    const ratedThisRound = row.ratedAt !== null && new Date(row.ratedAt) >= closedAt;
    if (ratedThisRound && !unsatisfied) return '本次办结已经评价过';
  }
  return null;
}

/**
 * The resident (or someone for her: flagged as proxy rating) confirms and rates. An unsatisfied rating within
 * the window reopens the case with a 15-working-day rectification deadline; every rating is kept.
 * @throws NOT_FOUND, CONFLICT
 */
export async function rateCase(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  body: RateCaseBody,
): Promise<CaseDetail> {
  await findCaseForActor(deps.db, ctx, id);
  await deps.db.transaction().execute(async (tx) => {
    const row = (await repo.lockCase(tx, ctx.districtId, id))!;
    const roles = await rolesOn(tx, ctx, row);
    const now = new Date();
    const unsatisfied = isUnsatisfied(body);
    const refusal = ratingRefusal(row, roles, now, unsatisfied);
    if (refusal) throw conflict(refusal);
    const action: MachineAction = unsatisfied ? 'rate_unsatisfied' : 'rate';
    const t = transition(row.state as CaseState, action, roles);
    if (!t.ok) throw conflict(t.reason);
    const isProxyRating = row.reporterUserId !== ctx.actor.userId;
    const round = row.ratingRound + 1;
    await tx
      .insertInto('caseRating')
      .values({
        districtId: ctx.districtId,
        caseId: row.id,
        round,
        resolved: body.resolved,
        satisfaction: body.satisfaction,
        isProxyRating,
        ratedByUserId: ctx.actor.userId,
        comment: body.comment?.trim() || null,
        ratedAt: now,
      })
      .execute();
    const rating = {
      resolved: body.resolved,
      satisfaction: body.satisfaction,
      isProxyRating,
      ratedAt: now,
      ratingRound: round,
    };
    const step: Step = { patch: rating, detail: { round, ...body, isProxyRating }, notices: [] };
    if (t.to === 'CLOSED') {
      step.patch = { ...rating, ...enterNode('CLOSED', slaInput(row), now), closedAt: row.closedAt ?? now };
    } else {
      const reopened = enterNode('REOPENED', slaInput(row), now);
      step.patch = {
        ...rating,
        ...reopened,
        overallDueAt: reopened.dueAt,
        closedAt: null,
        reopenCount: row.reopenCount + 1,
        assigneeUserId: row.handlerUserId,
        assigneePositionId: null,
      };
      const heads = await holdersAbove(tx, ctx.districtId, row.nodePathText, COMMUNITY_HEADS);
      step.notices.push({
        recipients: [...heads, row.handlerUserId],
        event: 'case.reopened',
        title: `差评重办：${row.title}`,
        body: `编号 ${row.caseNo} 居民评价“不满意/未解决”，须在 15 个工作日内整改。`,
      });
    }
    await applyStep(tx, ctx.audit, row, action, t.to, step, body.comment ?? null, now);
  });
  return getCase(deps, ctx, id);
}

// ---------------------------------------------------------------- lists

function page(rows: CaseSummaryRow[], limit: number) {
  return pageFrom(
    rows,
    limit,
    (r) => presentSummary(r),
    (r) => [r.sortKey, r.id],
  );
}

function after(cursor: string | undefined) {
  const c = decodeCursor(cursor, 2);
  return c ? { key: c[0]!, id: c[1]! } : null;
}

interface ListQuery {
  state?: string[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** My inbox: cases assigned to me or my positions, and the triage queue of the subtrees I triage. */
export async function listInbox(deps: Deps, ctx: RequestContext, q: ListQuery) {
  const triage = scopeOf(ctx.actor, 'cases.triage');
  const where = repo.inboxFilter(
    ctx.actor.userId,
    ctx.actor.positions.map((p) => p.id),
    triage.everywhere ? 'everywhere' : triage.paths,
  );
  const rows = await repo.listCases(deps.db, ctx.districtId, where, {
    states: q.state,
    after: after(q.cursor),
    limit: q.limit,
  });
  return page(rows, q.limit);
}

/** Cases I reported, or filed for someone. */
export async function listMine(deps: Deps, ctx: RequestContext, q: ListQuery) {
  const rows = await repo.listCases(deps.db, ctx.districtId, mineFilter(ctx.actor.userId), {
    states: q.state,
    after: after(q.cursor),
    limit: q.limit,
  });
  return page(rows, q.limit);
}

function mineFilter(userId: string) {
  return repo.visibleFilter(userId, [], { everywhere: false, paths: [], linkedPositionIds: [] }, []);
}

function boardFilter(ctx: RequestContext) {
  const scope = scopeOf(ctx.actor, 'cases.view');
  if (!hasAnyScope(scope)) throw forbidden('您没有查看社区诉求台账的权限');
  return repo.visibleFilter(ctx.actor.userId, [], scope, []);
}

/**
 * The community's triage board: every case within the caller's `cases.view` subtrees.
 * @throws FORBIDDEN without cases.view
 */
export async function listCommunity(
  deps: Deps,
  ctx: RequestContext,
  q: ListQuery & { communityId?: string },
) {
  const rows = await repo.listCases(deps.db, ctx.districtId, boardFilter(ctx), {
    states: q.state,
    communityId: q.communityId,
    after: after(q.cursor),
    limit: q.limit,
  });
  return page(rows, q.limit);
}

/**
 * The SLA board: open cases with a running clock, soonest due first, with the count per traffic light.
 * @throws FORBIDDEN without cases.view
 */
export async function slaBoard(
  deps: Deps,
  ctx: RequestContext,
  q: {
    level?: SlaLevel | undefined;
    communityId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const now = new Date();
  const { rows, counts } = await repo.listRunningCases(deps.db, ctx.districtId, boardFilter(ctx), {
    communityId: q.communityId,
    level: q.level === undefined ? undefined : SLA_LEVEL_NUMBER[q.level],
    after: after(q.cursor),
    limit: q.limit,
    now,
  });
  // The level the query filtered and counted on, so an item never shows under another light than its tab.
  const sla = (n: number) => LEVEL_OF_NUMBER.get(n) ?? 'ok';
  return {
    ...pageFrom(
      rows,
      q.limit,
      (r) => ({ ...presentSummary(r, now), sla: sla(r.slaLevelNow) }),
      (r) => [r.dueKey, r.id],
    ),
    counts,
  };
}

const LEVEL_OF_NUMBER = new Map(
  Object.entries(SLA_LEVEL_NUMBER).map(([level, n]) => [n, level as SlaLevel] as const),
);

/** The district's categories, seeded with the default catalogue on first use. */
export async function listCategories(deps: Deps, ctx: RequestContext) {
  if (!(await repo.hasCategories(deps.db, ctx.districtId))) await ensureCategories(deps.db, ctx.districtId);
  const rows = await repo.listCategories(deps.db, ctx.districtId);
  return {
    items: rows.map((r) => ({
      code: r.code,
      parentCode: r.parentCode,
      name: r.name,
      defaultUrgency: r.defaultUrgency as CaseUrgency,
      signLimitHours: r.signLimitHours,
      handleLimit: r.handleLimit,
      handleUnit: r.handleUnit as ClockUnit,
    })),
  };
}

// ---------------------------------------------------------------- attachments

const IMAGE_KINDS: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** The image kind by its first bytes (never by name or declared type), or undefined. */
export function sniffImage(head: Buffer) {
  return IMAGE_KINDS.find((k) => k.test(head));
}

export function uploadDir(deps: Deps, districtId: string): string {
  return path.join(deps.config.dataDir, 'uploads', 'cases', districtId);
}

/** Where the route streams an upload before it is checked. */
export function stagingPath(deps: Deps, districtId: string): string {
  const dir = uploadDir(deps, districtId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${randomUUID()}.part`);
}

/**
 * Keeps an uploaded photo after checking its magic bytes; the caller links it to a case by its id.
 * @throws UPLOAD_REJECTED when it is not a JPEG, PNG or WebP image
 */
export async function storeAttachment(
  deps: Deps,
  ctx: RequestContext,
  staged: string,
  fileName: string,
  size: number,
) {
  const fd = fs.openSync(staged, 'r');
  const head = Buffer.alloc(12);
  try {
    fs.readSync(fd, head, 0, 12, 0);
  } finally {
    fs.closeSync(fd);
  }
  const kind = size > 0 ? sniffImage(head) : undefined;
  if (!kind) {
    fs.rmSync(staged, { force: true });
    throw new AppError('UPLOAD_REJECTED', '只能上传 JPEG、PNG 或 WebP 格式的照片，这个文件不是图片', {
      file: '文件不是 JPEG、PNG 或 WebP 图片',
    });
  }
  const id = randomUUID();
  const stored = path.join(uploadDir(deps, ctx.districtId), `${id}.${kind.ext}`);
  fs.renameSync(staged, stored);
  try {
    const row = await deps.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('caseAttachment')
        .values({
          districtId: ctx.districtId,
          id,
          uploadedBy: ctx.actor.userId,
          fileName: fileName.slice(0, 200),
          mime: kind.mime,
          size,
          storedPath: path.relative(deps.config.dataDir, stored),
        })
        .returning(['id', 'fileName', 'mime', 'size'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, ctx.audit, {
        action: 'case.attachment.upload',
        entityType: 'case_attachment',
        entityId: id,
        detail: { mime: kind.mime, size },
      });
      return inserted;
    });
    return presentAttachment(row);
  } catch (err) {
    fs.rmSync(stored, { force: true });
    throw err;
  }
}

/**
 * The stored file of a photo, for those who may see its case (or its uploader before it is used).
 * @throws NOT_FOUND
 */
export async function openAttachment(deps: Deps, ctx: RequestContext, id: string) {
  const row = await repo.findAttachment(deps.db, ctx.districtId, id);
  if (!row) throw notFound('照片');
  if (row.caseId) await findCaseForActor(deps.db, ctx, row.caseId);
  else if (row.uploadedBy !== ctx.actor.userId) throw notFound('照片');
  const file = path.join(deps.config.dataDir, row.storedPath);
  if (!fs.existsSync(file)) throw notFound('照片');
  return { file, mime: row.mime, size: row.size };
}

// ---------------------------------------------------------------- deliberation hook

export interface DeliberationDecision {
  districtId: string;
  caseId: string;
  outcome: 'dispatch' | 'close';
  /** What the council decided; becomes the reply to the resident. */
  note: string;
  handlerUserId?: string | null;
  handlerName?: string | null;
  handlerContact?: string | null;
}

/**
 * Applies the deliberation council's decision to a case in TO_DELIBERATION, in the caller's transaction:
 * dispatch to a handler (DISPATCHED) or close with the decision as the reply (CLOSED).
 * @throws NOT_FOUND, CONFLICT (the case is not waiting for deliberation), VALIDATION_FAILED (no handler)
 */
export async function applyDeliberationDecision(
  tx: Tx,
  audit: AuditContext,
  d: DeliberationDecision,
): Promise<void> {
  const row = await repo.lockCase(tx, d.districtId, d.caseId);
  if (!row) throw notFound('诉求');
  const action: MachineAction = d.outcome === 'dispatch' ? 'deliberation_dispatch' : 'deliberation_close';
  const t = transition(row.state as CaseState, action, ['system']);
  if (!t.ok) throw conflict(t.reason);
  const now = new Date();
  const note = d.note.trim().slice(0, CASE_LIMITS.noteMax);
  const followers = [row.reporterUserId, row.proxyUserId];
  let step: Step;
  if (d.outcome === 'dispatch') {
    if (!d.handlerUserId && !d.handlerName)
      throw invalid('handlerName', '议事决定派单时要指定办理人或办理单位');
    step = {
      patch: {
        ...enterNode(t.to, slaInput(row), now),
        handlerUserId: d.handlerUserId ?? null,
        handlerName: d.handlerName ?? null,
        handlerContact: d.handlerContact ?? null,
        assigneeUserId: d.handlerUserId ?? null,
        assigneePositionId: null,
      },
      detail: { handlerName: d.handlerName ?? null },
      notices: [
        {
          recipients: [...followers, d.handlerUserId ?? null],
          event: 'case.dispatched',
          title: `议事决定派单：${row.caseNo}`,
          body: note,
        },
      ],
    };
  } else {
    step = {
      patch: { ...enterNode(t.to, slaInput(row), now), closedAt: now, reply: note, replyAt: now },
      detail: {},
      notices: [
        { recipients: followers, event: 'case.closed', title: `议事结果：${row.caseNo}`, body: note },
      ],
    };
  }
  await applyStep(tx, audit, row, action, t.to, step, note, now);
}
