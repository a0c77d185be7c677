import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { addDays, businessToday } from '../../platform/business-time.ts';
import { maskPhone } from '../../platform/crypto.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { findUserByUsername, insertResidentAccount, insertUser } from '../identity/index.ts';
import { insertPartyOrg } from '../organisation/index.ts';
import { prepareResident, type ResidentValues } from '../people/index.ts';
import { defaultLevelTemplate, ensureCommunity, insertNode, newGeneratedCode } from '../territory/index.ts';
import * as repo from './demo.repository.ts';
import { loadDemoActivity } from './demo-activity.ts';
import {
  COMMUNITY_NODE,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  type DemoCommunity,
  type DemoData,
  DISTRICT_NODE,
  generateDemo,
} from './demo-generator.ts';

export interface LoadDemoOptions {
  /** Refuse (409) once any user exists: the setup page offers the demo only on a fresh install. */
  freshInstallOnly?: boolean;
  onProgress?: (message: string) => void;
}

export interface LoadDemoResult {
  status: 'loaded' | 'already_loaded';
  username: string;
  password: string;
  households: number;
  residents: number;
  milliseconds: number;
}

const DATA_SOURCE = '演示数据';

interface Place {
  communityId: string;
  communityPath: string;
  name: string;
  districtNodeId: string;
}
const ELECTED_KINDS = new Set(['group_chief', 'neighbour_chief', 'household_chief', 'team_leader']);

/**
 * Loads the deterministic demo (five seed communities in five districts, logins `demo`, `yucheng`, `yangyao`,
 * `xinji-grid`, `weixiu` (repair worker), `lidehou` (resident), all with password `gongzhi-demo`) in one transaction,
 * then three months of activity through the modules' services (demo-activity.ts). Idempotent: when the `demo` login exists
 * it does nothing and says so.
 * @throws SETUP_ALREADY_DONE with `freshInstallOnly` when a user exists already
 */
export async function loadDemo(deps: AppDeps, options: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} 秒`;
  const say = (m: string) => options.onProgress?.(`[${elapsed()}] ${m}`);
  const result = (status: LoadDemoResult['status'], households = 0, residents = 0): LoadDemoResult => ({
    status,
    username: DEMO_USERNAME,
    password: DEMO_PASSWORD,
    households,
    residents,
    milliseconds: Date.now() - started,
  });
  await deps.divisionsReady;
  // Cheap checks before the generator's seconds of work; both are repeated under the lock below.
  if (options.freshInstallOnly && (await repo.anyUserExists(deps.db))) throw alreadySetUp();
  if (await findUserByUsername(deps.db, DEMO_USERNAME)) return result('already_loaded');

  say('正在生成演示数据（五个种子社区）…');
  const data = generateDemo();
  const prepared = prepareAll(deps, data);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  say(`已生成 ${prepared.size} 名居民，正在写入数据库…`);

  const loaded = await deps.db.transaction().execute(async (trx) => {
    await repo.lockDemo(trx, options.freshInstallOnly === true);
    if (options.freshInstallOnly && (await repo.anyUserExists(trx))) throw alreadySetUp();
    if (await findUserByUsername(trx, DEMO_USERNAME)) return false;
    const places = new Map<string, Place>();
    for (const c of data.communities) {
      const { node } = await ensureCommunity(trx, c.code);
      places.set(c.code, {
        communityId: node.id,
        communityPath: node.path,
        name: node.name,
        districtNodeId: await repo.districtNodeId(trx, c.districtId),
      });
    }
    const userIds = new Map<string, string>();
    for (const login of data.logins) {
      // Someone's real account is never handed demo positions: a taken role name is skipped instead.
      if (await findUserByUsername(trx, login.username)) {
        say(`用户名 ${login.username} 已被占用，跳过这个演示登录`);
        continue;
      }
      const { residentId: _resident, ...account } = login;
      const user = await insertUser(trx, { ...account, passwordHash });
      userIds.set(login.username, user.id);
    }
    for (const c of data.communities) {
      say(`${places.get(c.code)!.name}：写入 ${c.households.length} 户、${c.residents.length} 人…`);
      await writeCommunity(trx, deps, c, places.get(c.code)!, userIds, prepared);
    }
    for (const login of data.logins) {
      const userId = userIds.get(login.username);
      if (userId && login.residentId) {
        await insertResidentAccount(trx, {
          districtId: login.homeDistrictId,
          userId,
          residentId: login.residentId,
        });
      }
    }
    return { allLogins: userIds.size === data.logins.length };
  });
  const households = data.communities.reduce((s, c) => s + c.households.length, 0);
  if (!loaded) return result('already_loaded');
  // The services open their own transactions: the activity follows the commit, once per load. It acts as the
  // demo logins, so it is left out when one of their names belongs to someone's real account.
  if (loaded.allLogins) {
    const activity = await loadDemoActivity(deps, data, say);
    say(
      `演示业务已写入：${activity.cases} 件诉求、${activity.topics} 个议题、${activity.meetings} 场会议、${activity.dutyReports} 份述职`,
    );
  } else say('有演示登录被跳过，不写入演示业务（诉求、议事、会议、述职）');
  const done = result('loaded', households, prepared.size);
  say(`演示数据已载入：${households} 户、${prepared.size} 人`);
  return done;
}

const alreadySetUp = () =>
  new AppError(
    'SETUP_ALREADY_DONE',
    '系统已完成首次设置，不能再从设置页载入演示数据；可在命令行运行 gongzhi demo',
  );

/** Every resident through the one function that encrypts, masks and indexes personal data. */
function prepareAll(deps: AppDeps, data: DemoData): Map<string, ResidentValues> {
  const out = new Map<string, ResidentValues>();
  for (const c of data.communities) {
    for (const r of c.residents) {
      const prepared = prepareResident(
        {
          name: r.name,
          idNumber: r.idNumber,
          gender: r.gender,
          birthDate: r.birthDate,
          phone: r.phone,
          relationToHead: r.relationToHead,
          ethnicity: r.ethnicity,
          politicalStatus: r.politicalStatus,
          education: r.education,
          residenceType: r.residenceType,
          dataSource: DATA_SOURCE,
        },
        deps.crypto,
      );
      if (!prepared.ok)
        throw new Error(`demo resident ${r.name} is invalid: ${JSON.stringify(prepared.errors)}`);
      out.set(r.id, prepared.values);
    }
  }
  return out;
}

async function writeCommunity(
  trx: Tx,
  deps: AppDeps,
  c: DemoCommunity,
  place: Place,
  userIds: Map<string, string>,
  prepared: Map<string, ResidentValues>,
): Promise<void> {
  const { districtId } = c;
  const demoUserId = userIds.get(DEMO_USERNAME)!;

  // Territory below the community, through the territory module so codes and paths follow its rules.
  const template = defaultLevelTemplate();
  const used = new Map(c.levels.map((l) => [l.level, l.name]));
  template.levels = template.levels.map((l) => ({
    ...l,
    isUsed: used.has(l.level),
    name: used.get(l.level) ?? l.name,
  }));
  await trx
    .insertInto('levelTemplate')
    .values({ districtId, communityId: place.communityId, levels: JSON.stringify(template) })
    .onConflict((oc) => oc.columns(['districtId', 'communityId']).doNothing())
    .execute();
  const nodes = new Map<string, { id: string; path: string }>([
    [COMMUNITY_NODE, { id: place.communityId, path: place.communityPath }],
    [DISTRICT_NODE, { id: place.districtNodeId, path: '' }],
  ]);
  for (const n of c.nodes) {
    const parent = nodes.get(n.parentId)!;
    const code = await newGeneratedCode(trx, districtId, c.code, n.level);
    const row = await insertNode(trx, {
      districtId,
      parentId: parent.id,
      parentPath: parent.path,
      level: n.level,
      code,
      name: n.name,
    });
    nodes.set(n.id, { id: row.id, path: row.path });
  }
  const nodeId = (key: string) => nodes.get(key)!.id;

  // Households before residents: the head's foreign key is checked at commit.
  await repo.insertInChunks(c.households, (rows) =>
    trx
      .insertInto('household')
      .values(
        rows.map((h) => ({
          districtId,
          id: h.id,
          communityId: place.communityId,
          nodeId: nodeId(h.nodeId),
          householdNo: h.householdNo,
          address: h.address,
          headResidentId: h.headResidentId,
        })),
      )
      .execute(),
  );
  await repo.insertInChunks(c.residents, (rows) =>
    trx
      .insertInto('resident')
      .values(
        rows.map((r) => {
          const v = prepared.get(r.id)!;
          return {
            districtId,
            id: r.id,
            householdId: r.householdId,
            ...v,
            search: sql`${v.search}::tsvector`,
          };
        }),
      )
      .execute(),
  );
  const tags = c.residents.flatMap((r) =>
    r.tags.map((t) => ({
      districtId,
      residentId: r.id,
      tagCode: t.code,
      lawfulBasis: t.lawfulBasis,
      note: t.note,
      assignedBy: demoUserId,
    })),
  );
  await repo.insertInChunks(tags, (rows) => trx.insertInto('residentTag').values(rows).execute());

  // Party tree: parents come before their children in the generator's order.
  const orgPaths = new Map<string, string>();
  for (const o of c.partyOrgs) {
    orgPaths.set(
      o.id,
      (
        await insertPartyOrg(trx, districtId, {
          id: o.id,
          parentId: o.parentId,
          parentPath: o.parentId ? orgPaths.get(o.parentId)! : null,
          kind: o.kind,
          name: o.name,
          nodeId: nodeId(o.nodeId),
        })
      ).path,
    );
  }
  await repo.insertInChunks(c.partyMembers, (rows) =>
    trx
      .insertInto('partyMember')
      .values(rows.map((m) => ({ districtId, ...m })))
      .execute(),
  );

  await repo.insertInChunks(c.positions, (rows) =>
    trx
      .insertInto('position')
      .values(
        rows.map((p) => ({
          districtId,
          id: p.id,
          nodeId: nodeId(p.nodeId),
          kind: p.kind,
          holderName: p.holderName,
          holderResidentId: p.holderResidentId,
          holderUserId: p.login ? (userIds.get(p.login) ?? null) : null,
          partyMemberId: p.partyMemberId,
          identity: p.identity,
          phoneEnc: p.phone ? deps.crypto.encrypt(p.phone) : null,
          phoneMasked: p.phone ? maskPhone(p.phone) : null,
          origin: ELECTED_KINDS.has(p.kind) ? ('elected' as const) : ('appointed' as const),
          note: p.note,
          // In office for months already, so last month's 述职 is owed.
          validFrom: `${addDays(businessToday(), -120).slice(0, 7)}-01`,
        })),
      )
      .execute(),
  );
  const links = c.positions.flatMap((p) =>
    p.householdIds.map((householdId) => ({ districtId, positionId: p.id, householdId })),
  );
  await repo.insertInChunks(links, (rows) => trx.insertInto('householdLink').values(rows).execute());

  await recordAudit(
    trx,
    { districtId, userId: demoUserId, actorName: '演示管理员', requestId: null, ip: null },
    {
      action: 'demo.load',
      entityType: 'community',
      entityId: place.communityId,
      detail: {
        communityCode: c.code,
        households: c.households.length,
        residents: c.residents.length,
        positions: c.positions.length,
      },
    },
  );
}
