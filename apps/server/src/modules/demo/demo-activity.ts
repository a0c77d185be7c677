import type { CaseAction, CaseActionBody } from '@gongzhi/contract/cases';
import type { SaveCouncilBody, TopicAction, TopicActionBody } from '@gongzhi/contract/deliberation';
import { loadPositions } from '../../platform/auth/session.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { contextFor, type RequestContext } from '../../platform/http/context.ts';
// The activity drives the modules' own services (state machines, timelines, audit, notifications).
import { performAction, rateCase, submitCase, sweepCases } from '../cases/index.ts';
import { completeItem, createCouncil, performTopicAction, proposeTopic } from '../deliberation/index.ts';
import {
  createLessonTopic,
  evaluate,
  holdLesson,
  recordOral,
  scoreLesson,
  submitWritten,
} from '../duty-reports/index.ts';
import { findUserByUsername } from '../identity/index.ts';
import { createMeeting, generateRota, replySuggestion, saveMinutes } from '../meetings/index.ts';
import * as repo from './demo.repository.ts';
import { DEMO_SEED, DEMO_USERNAME, type DemoCommunity, type DemoData } from './demo-generator.ts';
import { childSeed, createRng, type Rng } from './prng.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'crypto'>;
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ActivityResult {
  cases: number;
  topics: number;
  meetings: number;
  dutyReports: number;
}

/** Acting contexts of the demo logins, by username and district. */
class Actors {
  private cache = new Map<string, RequestContext>();
  constructor(private deps: Deps) {}
  async as(username: string, districtId: string): Promise<RequestContext> {
    const key = `${username}@${districtId}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const user = await findUserByUsername(this.deps.db, username);
    if (!user) throw new Error(`demo login ${username} is missing`);
    const ctx = contextFor(
      {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        isSuperuser: user.isSuperuser,
        districtId,
        positions: await loadPositions(this.deps.db, user.id, districtId),
      },
      null,
      null,
    );
    this.cache.set(key, ctx);
    return ctx;
  }
}

// No demo title or description says 漏水: the AS-01 journey files that case itself and finds it by the word.
const CASE_TEXTS: Record<string, [string, string][]> = {
  repair: [
    ['楼道灯不亮', '单元楼道三楼到五楼的声控灯坏了一周，老人晚上上下楼看不清。'],
    ['单元门禁损坏', '单元门的门禁锁坏了，门一直关不上，外人随意进出。'],
    ['下水道堵塞返臭', '一楼下水道堵塞，厨房返臭味，请安排疏通。'],
    ['楼道窗户玻璃破损', '四楼楼道窗户玻璃碎了，刮风时有玻璃掉落的危险。'],
  ],
  environment: [
    ['垃圾清运不及时', '小区门口垃圾桶满了两天没人清运，气味很大。'],
    ['楼道堆放杂物', '二单元楼道堆满纸箱和旧家具，影响通行。'],
    ['绿化带杂草丛生', '小区中间绿化带杂草很高，夏天蚊虫多。'],
  ],
  parking: [
    ['消防通道被占用', '消防通道上长期停着几辆私家车，消防车进不来。'],
    ['电动车乱停放', '单元门口电动车乱停，轮椅推不出去。'],
  ],
  facility: [
    ['健身器材损坏', '小区广场的健身器材螺丝松动，有安全隐患。'],
    ['路灯不亮', '小区后门到菜市场的路灯坏了三盏。'],
  ],
  dispute: [
    ['楼上夜间噪音', '楼上住户经常晚上十一点后搬动家具，影响休息。'],
    ['公共楼道被占用', '邻居在楼道里装了鞋柜，占用公共空间。'],
  ],
  elderly: [
    ['独居老人需要助餐', '老人独居行动不便，希望能送餐上门。'],
    ['申请居家养老服务', '家中老人失能，想了解居家养老服务怎么申请。'],
  ],
  consultation: [
    ['咨询医保缴费', '想咨询城乡居民医保今年的缴费时间和标准。'],
    ['咨询公租房申请', '想了解公租房的申请条件和材料。'],
  ],
  safety: [
    ['电动车楼道充电', '有住户从楼上拉电线给电动车充电，存在火灾隐患。'],
    ['燃气管道老化', '厨房燃气管道老化开裂，有时能闻到气味。'],
  ],
};
const HANDLERS = ['物业公司维修部', '社区维修队', '市政路灯所', '环卫所'];
const COMMENTS = ['处理及时，谢谢社区', '师傅很负责', '解决了，满意', '比较满意，就是慢了点', null];

type Plan =
  | 'submitted'
  | 'local_closed'
  | 'awaiting'
  | 'closed'
  | 'in_progress'
  | 'verifying'
  | 'reopened'
  | 'overdue'
  | 'escalated'
  | 'deliberation'
  | 'rejected';

interface CaseScript {
  plan: Plan;
  householdId: string;
  /** Who files it: the 邻长 for his own households, the resident herself, or the admin as proxy. */
  submitter: string;
  /** Who signs and verifies: 余成 for his households, else the admin (triage). */
  responder: string;
  handler?: 'weixiu' | string;
  daysAgo: number;
  satisfaction?: number;
}

/**
 * Writes the demo's activity through the modules' services, after the territory and people are in: cases in
 * every state over three months, a deliberation council with topics, meetings with suggestions and a roll-call
 * rota, last month's 述职 and party lessons. Deterministic for a given load day.
 */
export async function loadDemoActivity(
  deps: Deps,
  data: DemoData,
  say: (message: string) => void,
  now = new Date(),
): Promise<ActivityResult> {
  const actors = new Actors(deps);
  const [wulidui, xinji, , , raolv] = data.communities as [
    DemoCommunity,
    DemoCommunity,
    DemoCommunity,
    DemoCommunity,
    DemoCommunity,
  ];
  const rng = createRng(childSeed(DEMO_SEED, 'activity'));
  say('正在写入演示业务：诉求…');
  const cases = await loadCases(deps, actors, rng, wulidui, xinji, now);
  say(`已写入 ${cases} 件诉求；正在写入议事协商…`);
  const topics = await loadDeliberation(deps, actors, wulidui);
  say(`已写入 ${topics} 个议题；正在写入会议与早点名轮值…`);
  const meetings = await loadMeetings(deps, actors, wulidui, raolv, now);
  say(`已写入 ${meetings} 场会议；正在写入述职与党课…`);
  const dutyReports = await loadDutyReports(deps, actors, rng, wulidui, now);
  return { cases, topics, meetings, dutyReports };
}

// ---------------------------------------------------------------- cases

function scripts(rng: Rng, community: DemoCommunity, admin: string, withYucheng: boolean): CaseScript[] {
  const out: CaseScript[] = [];
  const own = withYucheng ? community.positions.find((p) => p.login === 'yucheng')! : undefined;
  const lidehou = community.residents.find((r) => r.name === '李德厚');
  const pickOther = () => community.households[rng.int(0, community.households.length - 1)]!.id;
  if (own && lidehou) {
    const linked = own.householdIds;
    const yc = (plan: Plan, daysAgo: number, i: number, extra: Partial<CaseScript> = {}) =>
      out.push({
        plan,
        householdId: linked[i % linked.length]!,
        submitter: 'yucheng',
        responder: 'yucheng',
        daysAgo,
        ...extra,
      });
    yc('local_closed', 82, 1, { satisfaction: 5 });
    yc('local_closed', 57, 2, { satisfaction: 4 });
    yc('local_closed', 33, 3, { satisfaction: 5 });
    yc('local_closed', 12, 5, { satisfaction: 3 });
    yc('in_progress', 3, 6, { handler: 'weixiu' });
    yc('verifying', 6, 7, { handler: 'weixiu' });
    yc('closed', 44, 8, { handler: 'weixiu', satisfaction: 5 });
    // Filed by the admin for 余成's households: they wait in his inbox to be signed.
    yc('submitted', 1, 4, { submitter: admin });
    yc('submitted', 0, 9, { submitter: admin });
    // 李德厚 himself: one closed and rated, one waiting for his confirmation.
    out.push(
      {
        plan: 'local_closed',
        householdId: lidehou.householdId,
        submitter: 'lidehou',
        responder: 'yucheng',
        daysAgo: 63,
        satisfaction: 5,
      },
      {
        plan: 'awaiting',
        householdId: lidehou.householdId,
        submitter: 'lidehou',
        responder: 'yucheng',
        daysAgo: 2,
      },
    );
  }
  const other = (plan: Plan, daysAgo: number, extra: Partial<CaseScript> = {}) =>
    out.push({ plan, householdId: pickOther(), submitter: admin, responder: admin, daysAgo, ...extra });
  const sats = [5, 4, 5, 3, 4, 5, 5, 4, 3, 5, 4, 5];
  const closedDays = withYucheng
    ? [88, 84, 77, 71, 66, 60, 52, 47, 40, 36, 29, 24, 19, 15, 9]
    : [80, 61, 43, 26, 11];
  for (const [i, d] of closedDays.entries()) {
    other('closed', d, { handler: HANDLERS[i % HANDLERS.length]!, satisfaction: sats[i % sats.length]! });
  }
  if (withYucheng) {
    other('reopened', 26, { handler: '物业公司维修部', satisfaction: 2 });
    other('overdue', 21, { handler: '物业公司维修部' });
    other('overdue', 18, { handler: '社区维修队' });
    other('escalated', 6);
    other('deliberation', 16);
    other('rejected', 46);
    other('awaiting', 4, { handler: '社区维修队' });
    other('awaiting', 5, { handler: '环卫所' });
    other('in_progress', 2, { handler: '社区维修队' });
    other('submitted', 0);
  } else {
    other('in_progress', 3, { handler: HANDLERS[0]! });
    other('submitted', 1);
  }
  return out;
}

/** Categories that fit who handles the case: the repair worker gets repairs, the 环卫所 rubbish. */
function categoriesFor(s: CaseScript): string[] {
  if (s.handler === 'weixiu' || s.handler === '物业公司维修部') return ['repair', 'safety'];
  if (s.handler === '市政路灯所') return ['facility'];
  if (s.handler === '环卫所') return ['environment'];
  if (s.handler) return ['repair', 'facility', 'safety', 'environment'];
  if (s.plan === 'escalated' || s.plan === 'deliberation') return ['parking'];
  if (s.plan === 'rejected') return ['dispute'];
  return ['dispute', 'elderly', 'consultation', 'environment', 'parking'];
}

async function loadCases(
  deps: Deps,
  actors: Actors,
  rng: Rng,
  wulidui: DemoCommunity,
  xinji: DemoCommunity,
  now: Date,
): Promise<number> {
  let n = 0;
  for (const [community, withYucheng] of [
    [wulidui, true],
    [xinji, false],
  ] as const) {
    const districtId = community.districtId;
    const list = scripts(rng, community, DEMO_USERNAME, withYucheng);
    for (const s of list) {
      await playCase(deps, actors, rng, districtId, s, now);
      n++;
    }
    await repo.rebuildCaseStats(deps.db, districtId);
  }
  // Cases left open past their due dates turn red the way the hourly sweep would turn them.
  await sweepCases(deps, now);
  return n;
}

async function playCase(
  deps: Deps,
  actors: Actors,
  rng: Rng,
  districtId: string,
  s: CaseScript,
  now: Date,
): Promise<void> {
  const as = (u: string) => actors.as(u, districtId);
  const category = rng.pick(categoriesFor(s));
  const [title, description] = rng.pick(CASE_TEXTS[category]!);
  const filed = await submitCase(
    deps,
    await as(s.submitter),
    { title, description, categoryCode: category, householdId: s.householdId, attachmentIds: [] },
    undefined,
  );
  const id = filed.id;
  const act = async (u: string, action: CaseAction, body: Partial<CaseActionBody> = {}) =>
    performAction(deps, await as(u), id, action, { attachmentIds: [], ...body });
  const rater = s.submitter;
  const dispatch = async () => {
    if (s.responder !== DEMO_USERNAME) await act(s.responder, 'pass_up');
    const worker = s.handler === 'weixiu' ? await findUserByUsername(deps.db, 'weixiu') : undefined;
    await act(
      DEMO_USERNAME,
      'dispatch',
      worker ? { handlerUserId: worker.id } : { handlerName: s.handler ?? HANDLERS[0]! },
    );
    const doer = worker ? 'weixiu' : DEMO_USERNAME;
    await act(doer, 'start');
    return doer;
  };
  const handled = async () => {
    const doer = await dispatch();
    await act(doer, 'feedback', { note: '已到现场处理完毕', reply: `您反映的“${title}”已处理，请确认。` });
  };

  if (s.plan !== 'submitted') await act(s.responder, 'sign');
  switch (s.plan) {
    case 'submitted':
      break;
    case 'local_closed':
    case 'awaiting':
      if (s.plan === 'awaiting' && s.handler) {
        await handled();
        await act(s.responder, 'verify_pass');
        break;
      }
      await act(s.responder, 'handle_locally', { reply: '已上门协调，当场解决。' });
      if (s.plan === 'local_closed') await rate(s);
      break;
    case 'closed':
    case 'reopened':
      await handled();
      await act(s.responder, 'verify_pass');
      await rate(s);
      break;
    case 'verifying':
      await handled();
      break;
    case 'in_progress':
    case 'overdue':
      await dispatch();
      break;
    case 'escalated':
      await act(DEMO_USERNAME, 'escalate', { platform: '街道综合执法平台' });
      break;
    case 'deliberation':
      await act(DEMO_USERNAME, 'deliberate');
      break;
    case 'rejected':
      await act(DEMO_USERNAME, 'reject', { reply: '属于物业合同约定事项，已转告物业公司并告知反映人。' });
      break;
  }
  // The services stamp now(): move the case back to its day, its steps spread over the hours after filing.
  const spanHours = s.plan === 'submitted' ? 0 : Math.min(s.daysAgo * 24 - 2, rng.int(6, 96));
  if (s.daysAgo > 0)
    await repo.backdateCase(
      deps.db,
      districtId,
      id,
      now.getTime() - s.daysAgo * DAY,
      Math.max(0, spanHours) * HOUR,
    );

  async function rate(x: CaseScript) {
    const sat = x.satisfaction ?? 5;
    await rateCase(deps, await as(rater), id, {
      resolved: sat > 2,
      satisfaction: sat,
      comment: sat > 2 ? (rng.pick(COMMENTS) ?? undefined) : '问题没有解决，还是老样子',
    });
  }
}

// ---------------------------------------------------------------- deliberation

async function loadDeliberation(deps: Deps, actors: Actors, wulidui: DemoCommunity): Promise<number> {
  const d = wulidui.districtId;
  const admin = await actors.as(DEMO_USERNAME, d);
  const communityId = await repo.communityNodeId(deps.db, d, wulidui.code);
  const users = await repo.userIds(deps.db, ['yucheng', 'yangyao']);
  const secretary = wulidui.positions.find((p) => p.kind === 'secretary');
  const council: SaveCouncilBody = {
    communityId,
    name: '五里堆社区协商议事会',
    leaderPositionId: secretary?.id ?? null,
    leaderName: secretary?.holderName ?? '社区党总支书记',
    regularWeek: 1,
    regularWeekday: 5,
    members: [
      { name: '阳瑶', party: 'residents_committee', userId: users.get('yangyao') ?? null },
      { name: '余成', party: 'party_representative', userId: users.get('yucheng') ?? null },
      { name: '周建华', party: 'property_management' },
      { name: '刘桂英', party: 'owners_committee' },
      { name: '王志强', party: 'police' },
      { name: '陈美玲', party: 'volunteer_alliance' },
      { name: '赵德明', party: 'resident_representative' },
      { name: '孙丽', party: 'social_organisation' },
    ],
  };
  const main = await createCouncil(deps, admin, council);
  await createCouncil(deps, admin, {
    communityId,
    parentId: main.id,
    name: '五里堆社区妇女议事会',
    leaderName: '阳瑶',
    members: [
      { name: '阳瑶', party: 'residents_committee', userId: users.get('yangyao') ?? null },
      { name: '刘桂英', party: 'owners_committee' },
      { name: '陈美玲', party: 'volunteer_alliance' },
      { name: '孙丽', party: 'social_organisation' },
      { name: '黄秀兰', party: 'resident_representative' },
    ],
  });
  const memberIds = main.members.map((m) => m.id);
  const act = (id: string, action: TopicAction, body: TopicActionBody = {}) =>
    performTopicAction(deps, admin, id, action, body);
  const topic = async (title: string, description: string, category: string) =>
    (await proposeTopic(deps, admin, { nodeId: communityId, title, description, category })).id;
  const deliberated = async (id: string) => {
    await act(id, 'accept', { councilId: main.id });
    await act(id, 'schedule', { councilId: main.id, mode: 'plenary', scheduledOn: businessToday() });
    await act(id, 'record', {
      attendance: memberIds.map((memberId, i) => ({
        memberId,
        present: i !== memberIds.length - 1,
        position: i === 2 ? '物业愿意承担部分费用' : undefined,
      })),
      note: '各方充分发表意见。',
    });
  };
  const decide = (id: string) =>
    act(id, 'decide', {
      outcomeKind: 'vote',
      votesFor: memberIds.length - 2,
      votesAgainst: 1,
      votesAbstain: 0,
      passed: true,
      decision: '同意实施，费用由维修基金和物业分担。',
    });

  // Proposed only, waiting for 两委 to review.
  await topic('小区增设充电桩', '电动车多，楼道充电隐患大，建议在小区空地集中设置充电桩。', 'safety');
  // Decided by a vote.
  const decided = await topic(
    '和谐小区加装电梯',
    '和谐小区多栋老人多，建议按“一梯一议”推进加装电梯。',
    'renovation',
  );
  await deliberated(decided);
  await decide(decided);
  // Being implemented.
  const implementing = await topic('规范小区停车秩序', '车位少、乱停车，建议划线并实行错时停车。', 'parking');
  await deliberated(implementing);
  await decide(implementing);
  const plan = await act(implementing, 'implement', {
    items: [
      { description: '小区道路施划停车线', implementer: '物业公司', deadline: addDays(businessToday(), 20) },
      {
        description: '与周边单位签订错时停车协议',
        implementer: '阳瑶',
        deadline: addDays(businessToday(), 30),
      },
    ],
  });
  await completeItem(deps, admin, implementing, plan.items[0]!.id, '停车线已施划完毕');
  // Decided and published with feedback.
  const published = await topic(
    '垃圾分类督导志愿服务',
    '建议组织志愿者在投放点轮流督导垃圾分类。',
    'environment',
  );
  await deliberated(published);
  await act(published, 'decide', {
    outcomeKind: 'consensus',
    passed: true,
    decision: '由志愿服务联盟排班督导。',
  });
  await act(published, 'publish', { feedback: '议事会协商一致：自下月起志愿者在各投放点早晚督导。' });
  // The council sat on these in past months; the services stamped today.
  for (const [id, days] of [
    [published, 38],
    [decided, 24],
    [implementing, 10],
  ] as const) {
    await repo.backdateTopic(deps.db, d, id, days);
  }
  // Scheduled for the council's next regular day.
  const scheduled = await topic('楼道杂物清理公约', '楼道堆物屡禁不止，建议制定楼栋公约。', 'environment');
  await act(scheduled, 'accept', { councilId: main.id });
  await act(scheduled, 'schedule', { councilId: main.id, mode: 'plenary' });
  return 5;
}

// ---------------------------------------------------------------- meetings

async function loadMeetings(
  deps: Deps,
  actors: Actors,
  wulidui: DemoCommunity,
  raolv: DemoCommunity,
  now: Date,
): Promise<number> {
  const d = wulidui.districtId;
  const admin = await actors.as(DEMO_USERNAME, d);
  const communityId = await repo.communityNodeId(deps.db, d, wulidui.code);
  const users = await repo.userIds(deps.db, ['yucheng', 'yangyao']);
  const at = (days: number, hour: number) => {
    const day = addDays(businessToday(now), days);
    return new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  };
  const meeting = async (
    kind: 'chiefs_monthly' | 'party_lesson' | 'council',
    title: string,
    days: number,
    kinds: string[],
  ) => {
    const startsAt = at(days, 19);
    const created = await createMeeting(
      deps.db,
      admin,
      {
        nodeId: communityId,
        kind,
        title,
        place: '五里堆社区党群服务中心二楼会议室',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        agenda: ['通报上月工作', '收集居民意见建议', '布置下月任务'],
        inviteeUserIds: [],
        inviteePositionIds: [],
        inviteePositionKinds: kinds,
      },
      // A past meeting is created as if it had been announced a week before it.
      days < 0 ? new Date(startsAt.getTime() - 7 * DAY) : now,
    );
    return created.items[0]!.id;
  };
  const past = await meeting('chiefs_monthly', '五里堆社区联户长月度联系会议', -9, ['group_chief']);
  await meeting('chiefs_monthly', '五里堆社区联户长月度联系会议', 21, ['group_chief']);
  await meeting('party_lesson', '党总支主题党课：基层治理中的党员先锋作用', 6, ['group_chief', 'area_chief']);
  await meeting('council', '五里堆社区协商议事会（月度议事日）', 12, ['area_chief']);
  const owners = [users.get('yucheng'), users.get('yangyao')].filter((u): u is string => !!u);
  const withMinutes = await saveMinutes(deps.db, admin, past, {
    minutes: '到会组长 30 人，通报了上月诉求办理情况，收集意见建议 3 条。',
    decisions: ['各组长本月走访独居老人一次', '楼道杂物清理纳入下次议事会'],
    newSuggestions: owners.flatMap((ownerUserId, i) =>
      [
        ['和谐小区路灯夜间不亮', '第一组组长'],
        ['区政府小区车棚需要修缮', '第五组组长'],
      ]
        .slice(i === 0 ? 0 : 1, i === 0 ? 1 : 2)
        .map(([content, raisedBy]) => ({
          content: content!,
          raisedBy,
          ownerUserId,
          dueOn: addDays(businessToday(now), 7),
        })),
    ),
  });
  const first = withMinutes.suggestions?.[0];
  if (first && users.get('yucheng')) {
    await replySuggestion(
      deps.db,
      await actors.as('yucheng', d),
      first.id,
      '已联系物业更换灯泡，本周内修好。',
    );
  }
  let count = 4;
  // 饶吕: this month's 早点名 rota for the 户长 of 曹营自然村.
  const village = await repo.nodeIdByName(deps.db, raolv.districtId, '曹营自然村');
  if (village) {
    await generateRota(deps.db, await actors.as(DEMO_USERNAME, raolv.districtId), {
      nodeId: village,
      month: businessToday(now).slice(0, 7),
      perDay: 2,
    });
    count++;
  }
  return count;
}

// ---------------------------------------------------------------- 述职 and party lessons

async function loadDutyReports(
  deps: Deps,
  actors: Actors,
  rng: Rng,
  wulidui: DemoCommunity,
  now: Date,
): Promise<number> {
  const d = wulidui.districtId;
  const admin = await actors.as(DEMO_USERNAME, d);
  const today = businessToday(now);
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const chiefs = wulidui.positions.filter((p) => p.kind === 'neighbour_chief');
  const yucheng = chiefs.find((p) => p.login === 'yucheng');
  const grades = ['优秀', '良好', '良好', '合格'];
  let n = 0;
  const base = { periodKind: 'month' as const, period: lastMonth };
  if (yucheng) {
    const mine = await submitWritten(deps.db, await actors.as('yucheng', d), {
      ...base,
      positionId: yucheng.id,
      content: '本月走访联系户 10 户，就地解决诉求 2 件，协助李德厚家处理楼上渗水问题。',
    });
    await evaluate(deps.db, admin, mine.id!, { grade: '优秀', comment: '联系群众紧密，办事及时。' });
    n++;
  }
  for (const [i, p] of chiefs
    .filter((c) => c !== yucheng)
    .slice(0, 12)
    .entries()) {
    const content = `本月走访联系户 ${rng.int(5, 15)} 户，收集意见建议 ${rng.int(0, 4)} 条。`;
    // Chiefs without a login report on paper or by word of mouth: the admin records what they said.
    const report = await recordOral(deps.db, admin, {
      ...base,
      positionId: p.id,
      content: i % 3 === 0 ? `（口头述职）${content}` : `（书面述职，代录入）${content}`,
    });
    if (i < 8) await evaluate(deps.db, admin, report.id!, { grade: grades[i % grades.length]! });
    n++;
  }

  // Party lessons of the 党总支: a menu of topics, two lessons held, scored by the logins.
  const branch = wulidui.partyOrgs.find((o) => o.kind === 'general_branch');
  if (branch) {
    const menu = [
      ['学习贯彻党的二十届三中全会精神', '全面深化改革的总目标与基层落实'],
      ['党员在基层治理中的先锋作用', '结合三长制讲党员联户'],
      ['新时代“枫桥经验”', '矛盾纠纷就地化解'],
      ['党章学习', '党员的义务与权利'],
    ];
    const topics = [];
    for (const [title, summary] of menu) {
      topics.push(await createLessonTopic(deps.db, admin, { orgId: branch.id, title: title!, summary }));
    }
    const lessons = [
      await holdLesson(deps.db, admin, {
        topicId: topics[0]!.id,
        heldOn: addDays(today, -20),
        speakerName: '社区党总支书记',
        place: '党群服务中心',
        scoreWindowDays: 30,
      }),
      await holdLesson(deps.db, admin, {
        topicId: topics[1]!.id,
        heldOn: addDays(today, -6),
        speakerName: '阳瑶',
        place: '党群服务中心',
        scoreWindowDays: 14,
      }),
    ];
    for (const [i, u] of ['yucheng', 'yangyao', 'lidehou', DEMO_USERNAME].entries()) {
      for (const lesson of lessons) {
        await scoreLesson(deps.db, await actors.as(u, d), lesson.id, { stars: i === 2 ? 4 : 5 });
      }
    }
  }
  return n;
}
