import {
  type AddAmendmentBody,
  type Council,
  type DeliberationReport,
  type ProposeTopicBody,
  type SaveCouncilBody,
  type SaveMeetingBody,
  TOPIC_MODE_LABELS,
  TOPIC_STATES,
  type TopicAction,
  type TopicActionBody,
  type TopicDetail,
  type TopicMode,
  TopicModeSchema,
  type TopicState,
} from '@gongzhi/contract/deliberation';
import { isWithin } from '../../platform/access/actor.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/audit-log.ts';
import { businessToday } from '../../platform/business-time.ts';
import { workingCalendar } from '../../platform/calendar/index.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { applyDeliberationDecision, submitCase } from '../cases/index.ts';
import { notify } from '../notifications/index.ts';
import { holdersAbove } from '../organisation/index.ts';
import { addAmendmentTo, listAmendments } from './amendments.ts';
import { applyHolidayRule, checkDecision, nextRegularDays, type RegularDayRule } from './council-rules.ts';
import { canInCommunity, canManage, findTopicForActor, memberIdOn } from './deliberation.policy.ts';
import { presentCouncil, presentTopicDetail, presentTopicSummary } from './deliberation.presenter.ts';
import type { CouncilRow, TopicRow } from './deliberation.repository.ts';
import * as repo from './deliberation.repository.ts';
import { allowedTopicActions, type TopicRole, topicTransition } from './topic-machine.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'crypto'>;

/** 两委: the community's heads and committee members receive what is raised. */
export const TWO_COMMITTEES = ['secretary', 'director', 'committee_member'];
const conflict = (message: string) => new AppError('CONFLICT', message);
export const RECORD_CLOSED = '会议已结束，记录不能修改，请提交更正说明';
/** Actions that write the deliberation record or decision: refused once the decision is recorded. */
const RECORD_ACTIONS: readonly TopicAction[] = ['record', 'close_vote', 'decide'];
export const topicLink = (id: string) => `/deliberation/topics/${id}`;

function ruleOf(c: CouncilRow): RegularDayRule {
  return {
    week: c.regularWeek,
    weekday: c.regularWeekday,
    holidayRule: c.holidayRule as RegularDayRule['holidayRule'],
  };
}

function uniq(list: readonly (string | null | undefined)[]): string[] {
  return [...new Set(list.filter((x): x is string => typeof x === 'string'))];
}

// ---------------------------------------------------------------- councils

async function councilWithMembers(db: Executor, ctx: RequestContext, row: CouncilRow): Promise<Council> {
  const members = await repo.listMembers(db, ctx.districtId, [row.id]);
  return presentCouncil(row, members, canManage(ctx.actor, row.communityPath));
}

/** Councils of the communities the caller may see, with members and rules. */
export async function listCouncils(deps: Deps, ctx: RequestContext, q: { communityId?: string | undefined }) {
  const rows = await repo.listCouncils(deps.db, ctx.districtId, q.communityId);
  const mine = new Set(
    (await repo.councilsOfMember(deps.db, ctx.districtId, ctx.actor.userId)).map((m) => m.councilId),
  );
  const visible = rows.filter(
    (r) => mine.has(r.id) || canInCommunity(ctx.actor, 'deliberation.view', r.communityPath),
  );
  const members = await repo.listMembers(
    deps.db,
    ctx.districtId,
    visible.map((r) => r.id),
  );
  return {
    items: visible.map((r) =>
      presentCouncil(
        r,
        members.filter((m) => m.councilId === r.id),
        canManage(ctx.actor, r.communityPath),
      ),
    ),
  };
}

async function checkCouncilInput(
  db: Executor,
  ctx: RequestContext,
  communityId: string,
  body: Omit<SaveCouncilBody, 'communityId'>,
  selfId: string | null,
) {
  let leaderName = body.leaderName?.trim() || null;
  if (body.leaderPositionId) {
    const p = await repo.findPosition(db, ctx.districtId, body.leaderPositionId);
    if (!p) throw invalid('leaderPositionId', '召集人岗位不存在');
    leaderName ??= p.holderName;
  }
  if (!leaderName) throw invalid('leaderName', '请填写召集人（岗位或姓名）');
  if (body.parentId) {
    if (body.parentId === selfId) throw invalid('parentId', '议事会不能下设于自己');
    const parent = await repo.findCouncil(db, ctx.districtId, body.parentId);
    if (!parent || parent.communityId !== communityId)
      throw invalid('parentId', '上级议事会须是本社区的议事会');
    if (parent.parentId) throw invalid('parentId', '下设议事会不能再下设议事会');
  }
  const members = (body.members ?? []).map((m) => ({
    name: m.name.trim(),
    party: m.party,
    userId: m.userId ?? null,
  }));
  const userIds = uniq(members.map((m) => m.userId));
  const known = new Set(await repo.usersInDistrict(db, ctx.districtId, userIds));
  const unknown = userIds.find((u) => !known.has(u));
  if (unknown) throw invalid('members', '成员关联的账号不存在或不属于本区县');
  if (userIds.length !== members.filter((m) => m.userId).length) {
    throw invalid('members', '同一账号不能重复列为成员');
  }
  return { leaderName, members };
}

/**
 * Sets up a council (or a sub-council under one) for a community.
 * @throws NOT_FOUND (community), FORBIDDEN (not 两委), VALIDATION_FAILED (leaderName, parentId, members)
 */
export async function createCouncil(
  deps: Deps,
  ctx: RequestContext,
  body: SaveCouncilBody,
): Promise<Council> {
  const community = await repo.findCommunity(deps.db, ctx.districtId, body.communityId);
  if (!community || !canInCommunity(ctx.actor, 'deliberation.view', community.path)) throw notFound('社区');
  if (!canManage(ctx.actor, community.path)) throw forbidden('只有社区两委可以设立议事会');
  const id = await deps.db.transaction().execute(async (tx) => {
    const input = await checkCouncilInput(tx, ctx, community.id, body, null);
    const row = await tx
      .insertInto('council')
      .values({
        districtId: ctx.districtId,
        communityId: community.id,
        parentId: body.parentId ?? null,
        name: body.name,
        leaderPositionId: body.leaderPositionId ?? null,
        leaderName: input.leaderName,
        regularWeek: body.regularWeek ?? 1,
        regularWeekday: body.regularWeekday ?? 5,
        holidayRule: body.holidayRule ?? 'next_working_day',
        quorumPercent: body.quorumPercent ?? 50,
        majorityPercent: body.majorityPercent ?? 50,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.replaceMembers(tx, ctx.districtId, row.id, input.members);
    await recordAudit(tx, ctx.audit, {
      action: 'council.create',
      entityType: 'council',
      entityId: row.id,
      detail: { name: body.name, communityId: community.id, members: input.members.length },
    });
    return row.id;
  });
  return councilWithMembers(deps.db, ctx, (await repo.findCouncil(deps.db, ctx.districtId, id))!);
}

/**
 * Changes a council's members, leader and rules.
 * @throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED
 */
export async function updateCouncil(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  body: Omit<SaveCouncilBody, 'communityId'>,
): Promise<Council> {
  const council = await repo.findCouncil(deps.db, ctx.districtId, id);
  if (!council || !canInCommunity(ctx.actor, 'deliberation.view', council.communityPath))
    throw notFound('议事会');
  if (!canManage(ctx.actor, council.communityPath)) throw forbidden('只有社区两委可以修改议事会');
  await deps.db.transaction().execute(async (tx) => {
    const input = await checkCouncilInput(tx, ctx, council.communityId, body, id);
    await tx
      .updateTable('council')
      .set({
        parentId: body.parentId ?? null,
        name: body.name,
        leaderPositionId: body.leaderPositionId ?? null,
        leaderName: input.leaderName,
        regularWeek: body.regularWeek ?? 1,
        regularWeekday: body.regularWeekday ?? 5,
        holidayRule: body.holidayRule ?? 'next_working_day',
        quorumPercent: body.quorumPercent ?? 50,
        majorityPercent: body.majorityPercent ?? 50,
        updatedAt: new Date(),
      })
      .where('districtId', '=', ctx.districtId)
      .where('id', '=', id)
      .execute();
    await repo.replaceMembers(tx, ctx.districtId, id, input.members);
    await recordAudit(tx, ctx.audit, {
      action: 'council.update',
      entityType: 'council',
      entityId: id,
      detail: { name: body.name, members: input.members.length },
    });
  });
  return councilWithMembers(deps.db, ctx, (await repo.findCouncil(deps.db, ctx.districtId, id))!);
}

/**
 * The council's next regular days after `from` (default today), with holiday conflicts.
 * @throws NOT_FOUND
 */
export async function listRegularDays(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  q: { from?: string | undefined; count: number },
) {
  const council = await repo.findCouncil(deps.db, ctx.districtId, id);
  if (!council || !canInCommunity(ctx.actor, 'deliberation.view', council.communityPath))
    throw notFound('议事会');
  return { items: nextRegularDays(q.from ?? businessToday(), ruleOf(council), workingCalendar, q.count) };
}

/**
 * A sub-council (妇女议事会) saves a meeting's suggestions; each one flagged important becomes a PROPOSED topic
 * addressed to 两委 with the council as its source (R4).
 * @throws NOT_FOUND, FORBIDDEN (neither 两委 nor a member of the council), VALIDATION_FAILED
 */
export async function recordCouncilMeeting(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  body: SaveMeetingBody,
) {
  const council = await repo.findCouncil(deps.db, ctx.districtId, id);
  if (!council) throw notFound('议事会');
  const isMember = (await memberIdOn(deps.db, ctx, id)) !== null;
  if (!isMember && !canInCommunity(ctx.actor, 'deliberation.view', council.communityPath)) {
    throw notFound('议事会');
  }
  if (!isMember && !canManage(ctx.actor, council.communityPath)) {
    throw forbidden('只有社区两委或本议事会成员可以记录会议');
  }
  if (body.heldOn > businessToday()) throw invalid('heldOn', '会议日期不能晚于今天');
  return deps.db.transaction().execute(async (tx) => {
    const meeting = await tx
      .insertInto('councilMeeting')
      .values({
        districtId: ctx.districtId,
        councilId: id,
        heldOn: body.heldOn,
        note: body.note?.trim() || null,
        createdBy: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const topicIds: string[] = [];
    for (const s of body.suggestions.filter((x) => x.important)) {
      const topic = await insertTopic(tx, ctx.audit, {
        communityId: council.communityId,
        nodeId: council.communityId,
        nodePath: council.communityPath,
        source: council.parentId ? 'sub_council' : 'council_member',
        sourceCouncilId: id,
        sourceMeetingId: meeting.id,
        caseId: null,
        category: s.category ?? 'other',
        title: s.title,
        description: s.description,
        proposerUserId: ctx.actor.userId,
        proposerName: council.name,
      });
      topicIds.push(topic);
    }
    await recordAudit(tx, ctx.audit, {
      action: 'council.meeting',
      entityType: 'council',
      entityId: id,
      detail: { meetingId: meeting.id, suggestions: body.suggestions.length, forwarded: topicIds.length },
    });
    return { meetingId: meeting.id, topicIds };
  });
}

// ---------------------------------------------------------------- topics

interface NewTopic {
  communityId: string;
  nodeId: string;
  nodePath: string;
  source: 'resident' | 'staff' | 'council_member' | 'sub_council' | 'case' | 'meeting';
  sourceCouncilId: string | null;
  sourceMeetingId: string | null;
  sourceSuggestionId?: string | null;
  caseId: string | null;
  category: string;
  title: string;
  description: string;
  proposerUserId: string | null;
  proposerName: string;
}

/** Inserts a PROPOSED topic with its audit row, and tells 两委 something waits for review. */
async function insertTopic(tx: Tx, audit: AuditContext, t: NewTopic): Promise<string> {
  const row = await tx
    .insertInto('topic')
    .values({ districtId: audit.districtId, state: 'PROPOSED', ...t })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, audit, {
    action: 'topic.propose',
    entityType: 'topic',
    entityId: row.id,
    detail: {
      title: t.title,
      source: t.source,
      caseId: t.caseId,
      sourceCouncilId: t.sourceCouncilId,
      sourceSuggestionId: t.sourceSuggestionId ?? null,
    },
  });
  const heads = await holdersAbove(tx, audit.districtId, t.nodePath, TWO_COMMITTEES);
  await notify(tx, {
    districtId: audit.districtId,
    recipientUserIds: heads.filter((u) => u !== t.proposerUserId),
    event: 'topic.proposed',
    title: `新议题待审：${t.title}`,
    body: `${t.proposerName}提出议题“${t.title}”，请两委审事。`,
    link: topicLink(row.id),
    entityType: 'topic',
    entityId: row.id,
  });
  return row.id;
}

export interface TopicFromCase {
  districtId: string;
  caseId: string;
  communityId: string;
  nodeId: string;
  nodePath: string;
  categoryCode: string;
  title: string;
  description: string;
  proposerUserId: string | null;
  proposerName: string;
}

/**
 * The topic for a case sent to deliberation, in the cases module's transaction: PROPOSED, addressed to 两委,
 * linked to the case so the council's decision goes back to it. A case sent again reuses its topic.
 */
export async function createTopicFromCase(tx: Tx, audit: AuditContext, c: TopicFromCase): Promise<string> {
  const existing = await tx
    .selectFrom('topic')
    .select('id')
    .where('districtId', '=', c.districtId)
    .where('caseId', '=', c.caseId)
    .executeTakeFirst();
  if (existing) return existing.id;
  return insertTopic(tx, audit, {
    communityId: c.communityId,
    nodeId: c.nodeId,
    nodePath: c.nodePath,
    source: 'case',
    sourceCouncilId: null,
    sourceMeetingId: null,
    caseId: c.caseId,
    category: c.categoryCode.split('.')[0]!,
    title: c.title.slice(0, 60),
    description: c.description.slice(0, 2000),
    proposerUserId: c.proposerUserId,
    proposerName: c.proposerName.slice(0, 50),
  });
}

export interface TopicFromSuggestion {
  suggestionId: string;
  /** The meeting's unit; the topic belongs to the community containing it. */
  nodeId: string;
  title: string;
  description: string;
  proposerUserId: string;
  proposerName: string;
}

/**
 * A PROPOSED topic raised by a cadre from a meeting's suggestion, in the meetings module's transaction; the caller
 * checked the cadre may act on the suggestion.
 * @throws VALIDATION_FAILED (the meeting's unit is not inside a community), CONFLICT (already raised)
 */
export async function createTopicFromSuggestion(
  tx: Tx,
  audit: AuditContext,
  s: TopicFromSuggestion,
): Promise<{ id: string; title: string }> {
  const [existing] = await repo.topicsOfSuggestions(tx, audit.districtId, [s.suggestionId]);
  if (existing) throw conflict('该建议已转为议题，不能重复提出');
  const node = await repo.findNode(tx, audit.districtId, s.nodeId);
  const community = node ? await repo.communityOf(tx, audit.districtId, node.path) : undefined;
  if (!node || !community) throw invalid('nodeId', '会议不属于某个社区，请到协商议事页面提议题');
  const title = s.title.slice(0, 60);
  const id = await insertTopic(tx, audit, {
    communityId: community.id,
    nodeId: node.id,
    nodePath: node.path,
    source: 'meeting',
    sourceCouncilId: null,
    sourceMeetingId: null,
    sourceSuggestionId: s.suggestionId,
    caseId: null,
    category: 'other',
    title,
    description: s.description.slice(0, 2000),
    proposerUserId: s.proposerUserId,
    proposerName: s.proposerName.slice(0, 50),
  });
  return { id, title };
}

/** The topics raised from these meeting suggestions, by suggestion id. */
export async function topicsOfSuggestions(
  db: Executor,
  districtId: string,
  suggestionIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await repo.topicsOfSuggestions(db, districtId, suggestionIds);
  return new Map(rows.map((r) => [r.sourceSuggestionId!, r.id]));
}

/**
 * Raises a topic about a unit (by default a resident's home or the node of the caller's position): residents for
 * their own community, council members, and every position holder.
 * @throws NOT_FOUND (the unit), FORBIDDEN (no standing in that community), VALIDATION_FAILED (nodeId)
 */
export async function proposeTopic(
  deps: Deps,
  ctx: RequestContext,
  body: ProposeTopicBody,
): Promise<TopicDetail> {
  const { actor, districtId } = ctx;
  const home = await repo.householdOfUser(deps.db, districtId, actor.userId);
  // Without a unit: a resident's home, else where the caller serves (a 邻长 may not browse the territory tree).
  const nodeId = body.nodeId ?? home?.nodeId ?? actor.positions[0]?.nodeId;
  if (!nodeId) throw invalid('nodeId', '请选择议题涉及的区域');
  const node = await repo.findNode(deps.db, districtId, nodeId);
  if (!node) throw notFound('区域');
  const community = await repo.communityOf(deps.db, districtId, node.path);
  if (!community) throw invalid('nodeId', '请选择社区内的区域');
  const memberOf = (await repo.councilsOfMember(deps.db, districtId, actor.userId)).some(
    (m) => m.communityId === community.id,
  );
  const isResident = home ? isWithin(home.nodePath, [community.path]) : false;
  const isStaff = canInCommunity(actor, 'deliberation.propose', community.path);
  if (!isStaff && !memberOf && !isResident) {
    if (!canInCommunity(actor, 'deliberation.view', community.path)) throw notFound('区域');
    throw forbidden('您没有在该社区提议题的权限');
  }
  const source = memberOf ? 'council_member' : isStaff ? 'staff' : 'resident';
  const id = await deps.db.transaction().execute((tx) =>
    insertTopic(tx, ctx.audit, {
      communityId: community.id,
      nodeId: node.id,
      nodePath: node.path,
      source,
      sourceCouncilId: null,
      sourceMeetingId: null,
      caseId: null,
      category: body.category ?? 'other',
      title: body.title,
      description: body.description,
      proposerUserId: actor.userId,
      proposerName: (source === 'resident' && home ? home.name : actor.displayName).slice(0, 50),
    }),
  );
  return getTopic(deps, ctx, id);
}

/** The topics board of the communities the caller sees, plus the topics the caller raised. */
export async function listTopics(
  deps: Deps,
  ctx: RequestContext,
  q: { communityId?: string | undefined; state?: TopicState[] | undefined },
) {
  const memberOf = new Set(
    (await repo.councilsOfMember(deps.db, ctx.districtId, ctx.actor.userId)).map((m) => m.communityId),
  );
  let communityIds: string[] | 'all';
  if (ctx.actor.isSuperuser) communityIds = 'all';
  else {
    const communities = await deps.db
      .selectFrom('territoryNode')
      .select(['id', 'path'])
      .where('districtId', '=', ctx.districtId)
      .where('level', 'in', ['community', 'natural_village'])
      .execute();
    communityIds = communities
      .filter((c) => memberOf.has(c.id) || canInCommunity(ctx.actor, 'deliberation.view', String(c.path)))
      .map((c) => c.id);
  }
  if (q.communityId) {
    communityIds = communityIds === 'all' || communityIds.includes(q.communityId) ? [q.communityId] : [];
  }
  const rows = await repo.listTopics(deps.db, ctx.districtId, {
    communityIds,
    states: q.state,
    userId: ctx.actor.userId,
  });
  const filtered = q.communityId ? rows.filter((r) => r.communityId === q.communityId) : rows;
  return { items: filtered.map(presentTopicSummary) };
}

async function detailOf(deps: Deps, ctx: RequestContext, row: TopicRow, roles: TopicRole[]) {
  const [attendance, items, votes, memberId, proxies, amendments] = await Promise.all([
    repo.listAttendance(deps.db, ctx.districtId, row.id),
    repo.listItems(deps.db, ctx.districtId, row.id),
    repo.listVotes(deps.db, ctx.districtId, row.id),
    memberIdOn(deps.db, ctx, row.councilId),
    repo.listProxies(deps.db, ctx.districtId, row.id),
    listAmendments(deps.db, ctx.districtId, { kind: 'topic', id: row.id }),
  ]);
  let scheduleProposal = null;
  if ((row.state === 'ACCEPTED_FOR_AGENDA' || row.state === 'DEFERRED') && row.councilId) {
    const council = await repo.findCouncil(deps.db, ctx.districtId, row.councilId);
    if (council) scheduleProposal = nextRegularDays(businessToday(), ruleOf(council), workingCalendar)[0]!;
  }
  const mine = votes.find((v) => v.memberId === memberId);
  const voted = new Set(votes.map((v) => v.memberId));
  const windowOpen = voteRefusal(row, roles, new Date()) === null;
  return presentTopicDetail(row, {
    attendance,
    items,
    ballotsCast: votes.length,
    myBallot: (mine?.choice as 'for' | 'against' | 'abstain' | undefined) ?? null,
    canVote: windowOpen && !mine,
    proxies: proxies.map((p) => ({ ...p, voted: voted.has(p.grantorMemberId) })),
    canVoteFor: windowOpen
      ? proxies
          .filter((p) => p.proxyMemberId === memberId && !voted.has(p.grantorMemberId))
          .map((p) => ({ memberId: p.grantorMemberId, name: p.grantorName }))
      : [],
    amendments,
    scheduleProposal,
    allowedActions: allowedTopicActions(row.state as TopicState, roles),
  });
}

/**
 * One topic with its record, decision, items and the actions the caller may take.
 * @throws NOT_FOUND
 */
export async function getTopic(deps: Deps, ctx: RequestContext, id: string): Promise<TopicDetail> {
  const { row, roles } = await findTopicForActor(deps.db, ctx, id);
  return detailOf(deps, ctx, row, roles);
}

function required(value: string | undefined, field: string, message: string): string {
  if (!value?.trim()) throw invalid(field, message);
  return value.trim();
}

interface Step {
  patch: Record<string, unknown>;
  detail: Record<string, unknown>;
  notices: { recipients: (string | null)[]; event: string; title: string; body: string }[];
}

/**
 * Takes one step of the topic's flow (review, schedule, record, decide, implement, publish…), with its audit row
 * and notifications in one transaction; a decision on a topic from a case is applied to the case in it too.
 * @throws NOT_FOUND, CONFLICT (state or role does not allow it, with the reason), VALIDATION_FAILED (the field)
 */
export async function performTopicAction(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  action: TopicAction,
  body: TopicActionBody,
): Promise<TopicDetail> {
  const found = await findTopicForActor(deps.db, ctx, id);
  if (found.roles.length === 0) throw forbidden('只有社区两委可以办理议题');
  if (found.row.decidedAt && RECORD_ACTIONS.includes(action)) throw conflict(RECORD_CLOSED);
  const pre = topicTransition(found.row.state as TopicState, action, found.roles);
  if (!pre.ok) throw conflict(pre.reason);
  // A converted topic's case is filed first (its own transaction), then linked here.
  let convertedCaseId: string | null = null;
  if (action === 'convert') {
    required(body.reply, 'reply', '转为诉求也要答复提议人：请填写答复内容');
    if (found.row.caseId) throw conflict('该议题本就来自诉求，不能再转为诉求');
    const created = await submitCase(
      deps,
      ctx,
      {
        title: found.row.title,
        description: found.row.description,
        categoryCode: body.categoryCode ?? found.row.category,
        nodeId: found.row.nodeId,
        channel: 'meeting',
        attachmentIds: [],
      },
      `topic-${id}`,
    );
    convertedCaseId = created.id;
  }
  await deps.db.transaction().execute(async (tx) => {
    const row = (await repo.lockTopic(tx, ctx.districtId, id))!;
    await applyTopicStep(tx, ctx.audit, row, action, found.roles, body, new Date(), convertedCaseId);
  });
  return getTopic(deps, ctx, id);
}

/**
 * One step of the topic's flow on a row the caller locked, in the caller's transaction: the state change with its
 * record writes, the audit row (actor from `audit`) and the step's notifications. Shared by the 两委's actions and
 * the system's vote tally, so both leave the same trace.
 * @throws CONFLICT (state or role does not allow it, or the row changed meanwhile), VALIDATION_FAILED (the field)
 */
export async function applyTopicStep(
  tx: Tx,
  audit: AuditContext,
  row: TopicRow,
  action: TopicAction,
  roles: readonly TopicRole[],
  body: TopicActionBody,
  now: Date,
  convertedCaseId: string | null = null,
): Promise<void> {
  const t = topicTransition(row.state as TopicState, action, roles);
  if (!t.ok) throw conflict(t.reason);
  const step = await planStep(tx, audit, row, action, body, now, convertedCaseId);
  const res = await tx
    .updateTable('topic')
    .set({ ...step.patch, state: t.to, updatedAt: now })
    .where('districtId', '=', audit.districtId)
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('议题刚被他人处理过，请刷新后重试');
  await recordAudit(tx, audit, {
    action: `topic.${action}`,
    entityType: 'topic',
    entityId: row.id,
    detail: { from: row.state, to: t.to, ...step.detail },
  });
  for (const n of step.notices) {
    await notify(tx, {
      districtId: audit.districtId,
      recipientUserIds: uniq(n.recipients),
      event: n.event,
      title: n.title,
      body: n.body,
      link: topicLink(row.id),
      entityType: 'topic',
      entityId: row.id,
    });
  }
}

async function councilFor(tx: Tx, districtId: string, row: TopicRow, councilId: string | undefined) {
  const cid = councilId ?? row.councilId;
  if (!cid) throw invalid('councilId', '请选择议事会');
  const council = await repo.findCouncil(tx, districtId, cid);
  if (!council || council.communityId !== row.communityId) throw invalid('councilId', '请选择本社区的议事会');
  return council;
}

async function memberUsers(tx: Tx, districtId: string, councilId: string | null) {
  if (!councilId) return [];
  return (await repo.listMembers(tx, districtId, [councilId])).map((m) => m.userId);
}

async function planStep(
  tx: Tx,
  audit: AuditContext,
  row: TopicRow,
  action: TopicAction,
  body: TopicActionBody,
  now: Date,
  convertedCaseId: string | null,
): Promise<Step> {
  const { districtId } = audit;
  const step: Step = { patch: {}, detail: {}, notices: [] };
  const proposer = [row.proposerUserId];
  switch (action) {
    case 'reject': {
      const reply = required(body.reply, 'reply', '不予上会也要答复提议人：请填写答复内容');
      step.patch = { reply };
      step.notices.push({
        recipients: proposer,
        event: 'topic.rejected',
        title: `议题答复：${row.title}`,
        body: reply,
      });
      break;
    }
    case 'convert': {
      const reply = required(body.reply, 'reply', '转为诉求也要答复提议人：请填写答复内容');
      step.patch = { reply, convertedCaseId };
      step.detail = { caseId: convertedCaseId };
      step.notices.push({
        recipients: proposer,
        event: 'topic.converted',
        title: `议题转为诉求办理：${row.title}`,
        body: reply,
      });
      break;
    }
    case 'accept': {
      const council = body.councilId ? await councilFor(tx, districtId, row, body.councilId) : null;
      step.patch = council ? { councilId: council.id } : {};
      step.notices.push({
        recipients: proposer,
        event: 'topic.accepted',
        title: `议题已列入议程：${row.title}`,
        body: '两委已审事，将在议事日上会协商。',
      });
      break;
    }
    case 'schedule': {
      const council = await councilFor(tx, districtId, row, body.councilId);
      if (!body.mode) throw invalid('mode', '请选择议事方式（集中/走访/上门/线上）');
      const mode: TopicMode = body.mode;
      const today = businessToday();
      const proposal = nextRegularDays(today, ruleOf(council), workingCalendar)[0]!;
      const scheduledOn = body.scheduledOn ?? proposal.proposedOn;
      if (scheduledOn < today) throw invalid('scheduledOn', '议事日期不能早于今天');
      const chosen =
        scheduledOn === proposal.proposedOn
          ? proposal
          : applyHolidayRule(scheduledOn, { ...ruleOf(council), holidayRule: 'keep' }, workingCalendar);
      let vote = {};
      if (mode === 'online') {
        if (!body.voteOpensAt) throw invalid('voteOpensAt', '线上议事要填写表决开始时间');
        if (!body.voteClosesAt) throw invalid('voteClosesAt', '线上议事要填写表决截止时间');
        if (new Date(body.voteClosesAt) <= new Date(body.voteOpensAt)) {
          throw invalid('voteClosesAt', '表决截止时间要晚于开始时间');
        }
        vote = { voteOpensAt: new Date(body.voteOpensAt), voteClosesAt: new Date(body.voteClosesAt) };
      } else vote = { voteOpensAt: null, voteClosesAt: null };
      await repo.clearRecord(tx, districtId, row.id);
      step.patch = {
        councilId: council.id,
        mode,
        scheduledOn,
        regularDay: chosen.regularDay,
        holidayConflict: chosen.conflict,
        ...vote,
      };
      step.detail = { scheduledOn, mode, conflict: chosen.conflict };
      step.notices.push({
        recipients: [...(await memberUsers(tx, districtId, council.id)), ...proposer],
        event: 'topic.scheduled',
        title: `议事通知：${row.title}`,
        body: `${council.name}定于 ${scheduledOn} 以${TOPIC_MODE_LABELS[mode]}方式协商“${row.title}”。`,
      });
      break;
    }
    case 'record': {
      if (row.mode === 'online') throw conflict('线上议事由成员在表决期内投票，截止后结束表决');
      const members = await repo.listMembers(tx, districtId, [row.councilId!]);
      const given = body.attendance ?? [];
      if (given.length === 0) throw invalid('attendance', '请登记到会情况');
      const ids = new Set(members.map((m) => m.id));
      if (given.some((a) => !ids.has(a.memberId)))
        throw invalid('attendance', '到会登记中有不是本议事会成员的人');
      const heldOn = body.heldOn ?? businessToday();
      if (heldOn > businessToday()) throw invalid('heldOn', '议事日期不能晚于今天');
      await repo.clearRecord(tx, districtId, row.id);
      const byMember = new Map(given.map((a) => [a.memberId, a]));
      await tx
        .insertInto('topicAttendance')
        .values(
          members.map((m) => ({
            districtId,
            topicId: row.id,
            memberId: m.id,
            present: byMember.get(m.id)?.present ?? false,
            positionText: byMember.get(m.id)?.position?.trim() || null,
          })),
        )
        .execute();
      const present = members.filter((m) => byMember.get(m.id)?.present).length;
      step.patch = {
        deliberatedOn: heldOn,
        deliberationNote: body.note?.trim() || null,
        memberCount: members.length,
        presentCount: present,
      };
      step.detail = { heldOn, memberCount: members.length, presentCount: present };
      break;
    }
    case 'close_vote': {
      if (row.mode !== 'online') throw conflict('只有线上议事可以结束线上表决');
      if (row.voteClosesAt && now < new Date(row.voteClosesAt)) {
        throw conflict(`表决尚未截止（截止时间 ${new Date(row.voteClosesAt).toISOString()}）`);
      }
      const members = await repo.listMembers(tx, districtId, [row.councilId!]);
      const votes = await repo.listVotes(tx, districtId, row.id);
      const voted = new Set(votes.map((v) => v.memberId));
      await tx
        .deleteFrom('topicAttendance')
        .where('districtId', '=', districtId)
        .where('topicId', '=', row.id)
        .execute();
      if (members.length > 0) {
        await tx
          .insertInto('topicAttendance')
          .values(
            members.map((m) => ({ districtId, topicId: row.id, memberId: m.id, present: voted.has(m.id) })),
          )
          .execute();
      }
      const count = (c: string) =>
        votes.filter((v) => v.choice === c && members.some((m) => m.id === v.memberId)).length;
      const present = members.filter((m) => voted.has(m.id)).length;
      step.patch = {
        deliberatedOn: businessToday(now),
        memberCount: members.length,
        presentCount: present,
        outcomeKind: 'vote',
        votesFor: count('for'),
        votesAgainst: count('against'),
        votesAbstain: count('abstain'),
      };
      step.detail = {
        presentCount: present,
        for: count('for'),
        against: count('against'),
        abstain: count('abstain'),
      };
      break;
    }
    case 'decide': {
      const council = (await repo.findCouncil(tx, districtId, row.councilId!))!;
      const online = row.mode === 'online';
      const outcomeKind = online ? 'vote' : body.outcomeKind;
      if (!outcomeKind) throw invalid('outcomeKind', '请选择协商一致或表决');
      if (body.passed === undefined) throw invalid('passed', '请选择决定是否通过');
      const decision = required(body.decision, 'decision', '请填写集体决定的内容');
      const votes = online
        ? {
            votesFor: row.votesFor ?? 0,
            votesAgainst: row.votesAgainst ?? 0,
            votesAbstain: row.votesAbstain ?? 0,
          }
        : outcomeKind === 'vote'
          ? { votesFor: body.votesFor, votesAgainst: body.votesAgainst, votesAbstain: body.votesAbstain }
          : { votesFor: undefined, votesAgainst: undefined, votesAbstain: undefined };
      const check = checkDecision({
        memberCount: row.memberCount ?? 0,
        presentCount: row.presentCount ?? 0,
        quorumPercent: council.quorumPercent,
        majorityPercent: council.majorityPercent,
        outcomeKind,
        ...votes,
        passed: body.passed,
      });
      if (!check.ok) throw invalid(check.field, check.reason);
      let caseOutcome: 'dispatch' | 'close' | null = null;
      if (row.caseId) {
        if (!body.caseOutcome) throw invalid('caseOutcome', '该议题来自诉求：请选择派单办理或办结答复');
        caseOutcome = body.caseOutcome;
        await applyDeliberationDecision(tx, audit, {
          districtId,
          caseId: row.caseId,
          outcome: caseOutcome,
          note: decision,
          handlerName: body.handlerName?.trim() || null,
        });
      }
      step.patch = {
        outcomeKind,
        votesFor: votes.votesFor ?? null,
        votesAgainst: votes.votesAgainst ?? null,
        votesAbstain: votes.votesAbstain ?? null,
        quorumMet: check.quorumMet,
        passed: body.passed,
        decision,
        caseOutcome,
        decidedAt: now,
      };
      step.detail = { outcomeKind, passed: body.passed, quorumMet: check.quorumMet, ...votes, caseOutcome };
      break;
    }
    case 'defer': {
      const note = required(body.note, 'note', '请填写暂缓再议的原因');
      step.patch = { deliberationNote: note };
      step.detail = { note };
      step.notices.push({
        recipients: [...(await memberUsers(tx, districtId, row.councilId)), ...proposer],
        event: 'topic.deferred',
        title: `议题暂缓再议：${row.title}`,
        body: note,
      });
      break;
    }
    case 'implement': {
      const items = body.items ?? [];
      if (items.length === 0) throw invalid('items', '请至少分派一项落实事项（落实人与期限）');
      await tx
        .insertInto('topicItem')
        .values(items.map((i) => ({ districtId, topicId: row.id, ...i })))
        .execute();
      step.detail = { items: items.length };
      break;
    }
    case 'publish': {
      const feedback = required(body.feedback, 'feedback', '请填写公示的议事结果');
      const open = (await repo.listItems(tx, districtId, row.id)).filter((i) => !i.doneAt);
      if (open.length > 0) throw conflict(`还有 ${open.length} 项落实事项未完成，完成后再公示`);
      const residents = await repo.residentsUnder(tx, districtId, row.nodePathText);
      const members = await memberUsers(tx, districtId, row.councilId);
      step.patch = { feedback, publishedAt: now };
      step.detail = { recipients: uniq([...proposer, ...members, ...residents]).length };
      step.notices.push({
        recipients: [...proposer, ...members, ...residents],
        event: 'topic.published',
        title: `议事结果公示：${row.title}`,
        body: feedback,
      });
      break;
    }
    case 'archive':
      step.patch = { archivedAt: now };
      break;
  }
  return step;
}

function voteRefusal(row: TopicRow, roles: readonly TopicRole[], now: Date): string | null {
  const t = topicTransition(row.state as TopicState, 'vote', roles);
  if (!t.ok) return t.reason;
  if (row.mode !== 'online') return '该议题不是线上议事';
  if (row.voteOpensAt && now < new Date(row.voteOpensAt)) return '表决尚未开始';
  if (row.voteClosesAt && now >= new Date(row.voteClosesAt)) return '表决已截止';
  return null;
}

/**
 * A council member's online ballot, once: a second ballot is refused, not overwritten. With `forMemberId` the
 * caller votes for a member who recorded a proxy to him; the row records who cast it.
 * @throws NOT_FOUND, CONFLICT (not a member, not online, outside the window, already voted, no proxy, closed)
 */
export async function castVote(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  choice: 'for' | 'against' | 'abstain',
  forMemberId?: string,
): Promise<TopicDetail> {
  const { row, roles } = await findTopicForActor(deps.db, ctx, id);
  if (row.decidedAt) throw conflict(RECORD_CLOSED);
  const refusal = voteRefusal(row, roles, new Date());
  if (refusal) throw conflict(refusal);
  const castBy = (await memberIdOn(deps.db, ctx, row.councilId))!;
  const memberId = forMemberId ?? castBy;
  await deps.db.transaction().execute(async (tx) => {
    await repo.lockTopic(tx, ctx.districtId, id);
    let grantorName: string | null = null;
    if (memberId !== castBy) {
      const proxy = (await repo.listProxies(tx, ctx.districtId, id)).find(
        (p) => p.grantorMemberId === memberId,
      );
      if (!proxy || proxy.proxyMemberId !== castBy) {
        throw conflict('没有登记该成员委托您表决，不能代其投票');
      }
      grantorName = proxy.grantorName;
    }
    const inserted = await repo.insertVote(tx, {
      districtId: ctx.districtId,
      topicId: id,
      memberId,
      castByMemberId: castBy,
      choice,
    });
    if (!inserted) {
      throw conflict(
        grantorName
          ? `${grantorName}已投票（每人一票），不能重复投票`
          : '您已投票（或已由受托人代投），每人一票，不能改票或重复投票',
      );
    }
    await recordAudit(tx, ctx.audit, {
      action: 'topic.vote',
      entityType: 'topic',
      entityId: id,
      // The ballot itself stays out of the audit trail: only that the member voted, and by whom.
      detail: { memberId, castByMemberId: castBy, byProxy: memberId !== castBy },
    });
  });
  return getTopic(deps, ctx, id);
}

/**
 * Records that an absent member authorises another member to vote for him on this topic (委托): by 两委 or by the
 * absent member himself, while the online vote is open or not yet started.
 * @throws NOT_FOUND, FORBIDDEN (neither 两委 nor the grantor), VALIDATION_FAILED (members), CONFLICT (not an open
 *   online vote, grantor already voted, proxy already recorded, record closed)
 */
export async function recordProxy(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  body: { grantorMemberId: string; proxyMemberId: string },
): Promise<TopicDetail> {
  const { row, roles } = await findTopicForActor(deps.db, ctx, id);
  const myMemberId = await memberIdOn(deps.db, ctx, row.councilId);
  if (!roles.includes('manager') && myMemberId !== body.grantorMemberId) {
    throw forbidden('只有社区两委或委托人本人可以登记委托');
  }
  if (row.decidedAt) throw conflict(RECORD_CLOSED);
  if (row.state !== 'SCHEDULED' || row.mode !== 'online') throw conflict('只有待表决的线上议事可以登记委托');
  if (row.voteClosesAt && new Date() >= new Date(row.voteClosesAt))
    throw conflict('表决已截止，不能再登记委托');
  if (body.grantorMemberId === body.proxyMemberId) throw invalid('proxyMemberId', '不能委托给自己');
  const members = await repo.listMembers(deps.db, ctx.districtId, [row.councilId!]);
  const grantor = members.find((m) => m.id === body.grantorMemberId);
  const proxy = members.find((m) => m.id === body.proxyMemberId);
  if (!grantor) throw invalid('grantorMemberId', '委托人不是本议事会成员');
  if (!proxy) throw invalid('proxyMemberId', '受托人不是本议事会成员');
  if (!proxy.userId) throw invalid('proxyMemberId', '受托人没有账号，不能线上代为表决');
  await deps.db.transaction().execute(async (tx) => {
    await repo.lockTopic(tx, ctx.districtId, id);
    const votes = await repo.listVotes(tx, ctx.districtId, id);
    if (votes.some((v) => v.memberId === grantor.id)) throw conflict(`${grantor.name}已投票，不能再委托`);
    const ok = await repo.insertProxy(tx, {
      districtId: ctx.districtId,
      topicId: id,
      grantorMemberId: grantor.id,
      proxyMemberId: proxy.id,
      recordedBy: ctx.actor.userId,
    });
    if (!ok) throw conflict(`${grantor.name}已登记过委托，每人只能委托一次`);
    await recordAudit(tx, ctx.audit, {
      action: 'topic.proxy',
      entityType: 'topic',
      entityId: id,
      detail: { grantorMemberId: grantor.id, proxyMemberId: proxy.id, bySelf: myMemberId === grantor.id },
    });
    await notify(tx, {
      districtId: ctx.districtId,
      recipientUserIds: uniq([proxy.userId]),
      event: 'topic.proxy',
      title: `表决委托：${row.title}`,
      body: `${grantor.name}委托您代为表决“${row.title}”。`,
      link: topicLink(id),
      entityType: 'topic',
      entityId: id,
    });
  });
  return getTopic(deps, ctx, id);
}

/**
 * Appends a correction to a decided topic's record (the record itself is never edited after the decision).
 * @throws NOT_FOUND, FORBIDDEN (not 两委), CONFLICT (no decision yet: the record can still be edited)
 */
export async function addAmendment(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  body: AddAmendmentBody,
): Promise<TopicDetail> {
  const { row, roles } = await findTopicForActor(deps.db, ctx, id);
  if (!roles.includes('manager')) throw forbidden('只有社区两委可以提交更正说明');
  if (!row.decidedAt) throw conflict('议题尚未作出决定，记录还可以直接修改，无需更正说明');
  await deps.db.transaction().execute((tx) => addAmendmentTo(tx, ctx.audit, { kind: 'topic', id }, body));
  return getTopic(deps, ctx, id);
}

/**
 * Marks one implementation item done.
 * @throws NOT_FOUND, FORBIDDEN (not 两委), CONFLICT (topic not implementing, item already done)
 */
export async function completeItem(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  itemId: string,
  note: string | undefined,
): Promise<TopicDetail> {
  const { row, roles } = await findTopicForActor(deps.db, ctx, id);
  if (!roles.includes('manager')) throw forbidden('只有社区两委可以登记落实情况');
  if (row.state !== 'IMPLEMENTING') throw conflict('议题不在落实阶段');
  await deps.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('topicItem')
      .set({ doneAt: new Date(), doneNote: note?.trim() || null })
      .where('districtId', '=', ctx.districtId)
      .where('topicId', '=', id)
      .where('id', '=', itemId)
      .where('doneAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const exists = (await repo.listItems(tx, ctx.districtId, id)).some((i) => i.id === itemId);
      if (!exists) throw notFound('落实事项');
      throw conflict('该落实事项已完成');
    }
    await recordAudit(tx, ctx.audit, {
      action: 'topic.item_done',
      entityType: 'topic',
      entityId: id,
      detail: { itemId },
    });
  });
  return getTopic(deps, ctx, id);
}

// ---------------------------------------------------------------- report

const DECIDED_STATES: readonly string[] = ['DECIDED', 'IMPLEMENTING', 'FEEDBACK_PUBLISHED', 'ARCHIVED'];

/**
 * A community's deliberation figures for a year: topics raised by stage and by mode, average days from raising
 * to published result, and disputes resolved through the council (AS-11).
 * @throws NOT_FOUND (community), FORBIDDEN (no deliberation.view there)
 */
export async function getReport(
  deps: Deps,
  ctx: RequestContext,
  q: { communityId: string; year: number },
): Promise<DeliberationReport> {
  const community = await repo.findCommunity(deps.db, ctx.districtId, q.communityId);
  if (!community) throw notFound('社区');
  if (!canInCommunity(ctx.actor, 'deliberation.view', community.path))
    throw forbidden('您没有查看该社区议事统计的权限');
  const rows = await repo.topicsOfYear(deps.db, ctx.districtId, community.id, q.year);
  const modes = TopicModeSchema.options;
  const zeroModes = () => Object.fromEntries(modes.map((m) => [m, 0])) as Record<TopicMode, number>;
  const byState = Object.fromEntries(TOPIC_STATES.map((s) => [s, 0])) as Record<TopicState, number>;
  const byMode = zeroModes();
  const disputesByMode = zeroModes();
  const days: number[] = [];
  const disputes: DeliberationReport['disputes'] = [];
  for (const r of rows) {
    if (r.raisedInYear) {
      byState[r.state as TopicState]++;
      if (r.mode) byMode[r.mode as TopicMode]++;
    }
    if (r.daysToFeedback !== null) days.push(Number(r.daysToFeedback));
    if (r.category === 'dispute' && r.decidedInYear && DECIDED_STATES.includes(r.state) && r.decidedOn) {
      if (r.mode) disputesByMode[r.mode as TopicMode]++;
      disputes.push({ id: r.id, title: r.title, mode: r.mode as TopicMode | null, decidedOn: r.decidedOn });
    }
  }
  const avg = days.length > 0 ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null;
  return {
    communityId: community.id,
    communityName: community.name,
    year: q.year,
    byState,
    byMode,
    avgDaysToFeedback: avg,
    disputesResolved: disputes.length,
    disputesByMode,
    disputes,
    headline: `${q.year} 年协商议事会成功化解邻里矛盾 ${disputes.length} 件`,
  };
}
