import type { PositionKind } from '../../platform/access/positions.ts';
import { makeIdNumber } from '../people/index.ts';
import type { TerritoryLevel } from '../territory/index.ts';
import { personName, surname } from './demo-names.ts';
import { childSeed, createRng, type Rng } from './prng.ts';

/**
 * The demo as plain data: the five seed communities (research/domain.md §1) with their real division codes and
 * the structures and numbers their articles describe, filled with fictitious people. Pure and deterministic:
 * the same seed gives the same demo, byte for byte, and the loader only writes what this returns.
 */
export const DEMO_SEED = 20211027;
/** Ages are counted from this day, so the demo does not change with the clock. */
export const DEMO_REFERENCE_DATE = '2025-06-30';
export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'gongzhi-demo';

/** Stand-ins for nodes the loader creates from the division table rather than the generator. */
export const COMMUNITY_NODE = '@community';
export const DISTRICT_NODE = '@district';

export type LawfulBasis = 'statutory_duty';
export interface DemoTag {
  code: string;
  lawfulBasis: LawfulBasis | null;
  note: string | null;
}

export interface DemoNode {
  id: string;
  /** COMMUNITY_NODE for the children of the community. */
  parentId: string;
  level: TerritoryLevel;
  name: string;
}

export interface DemoResident {
  id: string;
  householdId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  phone: string | null;
  relationToHead: string;
  ethnicity: string;
  politicalStatus: string;
  education: string | null;
  residenceType: 'registered' | 'permanent' | 'migrant' | 'separated';
  tags: DemoTag[];
}

export interface DemoHousehold {
  id: string;
  nodeId: string;
  householdNo: string;
  address: string;
  headResidentId: string;
}

export interface DemoPosition {
  id: string;
  /** A node id, COMMUNITY_NODE or DISTRICT_NODE. */
  nodeId: string;
  kind: PositionKind;
  holderName: string;
  holderResidentId: string | null;
  identity: string | null;
  phone: string | null;
  note: string | null;
  partyMemberId: string | null;
  /** Username of the login that holds this position, if any. */
  login: string | null;
  householdIds: string[];
}

export interface DemoPartyOrg {
  id: string;
  parentId: string | null;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  name: string;
  nodeId: string;
}

export interface DemoPartyMember {
  id: string;
  orgId: string;
  residentId: string;
  name: string;
  kind: 'community' | 'in_service';
  employer: string | null;
  /** Higher is a higher post (1 科员 … 6 正处), as the 楼栋长 suggestion expects. */
  postRank: number | null;
  joinedOn: string;
}

export interface DemoCommunity {
  code: string;
  districtId: string;
  /** Prefix of household numbers, e.g. WLD00001. */
  short: string;
  /** Levels used below the community, with the community's own word for them. */
  levels: { level: TerritoryLevel; name: string }[];
  nodes: DemoNode[];
  households: DemoHousehold[];
  residents: DemoResident[];
  positions: DemoPosition[];
  partyOrgs: DemoPartyOrg[];
  partyMembers: DemoPartyMember[];
}

export interface DemoLogin {
  username: string;
  displayName: string;
  isSuperuser: boolean;
  homeDistrictId: string;
  /** A resident's own account (self-service reporting and rating). */
  residentId?: string;
}

export interface DemoData {
  communities: DemoCommunity[];
  logins: DemoLogin[];
}

export const WULIDUI_CODE = '430304008004';
export const XINJI_CODE = '320116007001';
export const MEIHU_CODE = '340111004006';
export const LIYUAN_CODE = '350825100006';
export const RAOLV_CODE = '341282003009';

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 13 → 十三, 21 → 二十一 (enough for the demo's ordinals). */
export function zhNumber(n: number): string {
  if (n <= 10) return ZH_DIGITS[n]!;
  if (n < 20) return `十${ZH_DIGITS[n - 10]}`;
  return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : ZH_DIGITS[n % 10]}`;
}

/** Region codes of other counties, for the ID numbers of migrants (流动人口). */
const MIGRANT_REGIONS = [
  '341221',
  '411528',
  '362427',
  '511321',
  '430722',
  '320826',
  '350781',
  '421281',
  '342623',
  '522121',
];
const PHONE_PREFIXES = ['138', '139', '150', '186', '177', '133', '158', '189'];
const IN_SERVICE_EMPLOYERS = [
  '连城县财政局',
  '连城县人民医院',
  '连城县第一中学',
  '莲峰镇人民政府',
  '连城县自然资源局',
  '连城县市场监督管理局',
  '连城县住房和城乡建设局',
  '连城县教育局',
  '国网连城县供电公司',
  '连城县税务局',
];

type HouseholdKind =
  | 'elderly_single'
  | 'elderly_couple'
  | 'couple'
  | 'nuclear'
  | 'three_gen'
  | 'single_adult'
  | 'single_parent';
type KindWeights = readonly (readonly [HouseholdKind, number])[];

const URBAN_MIX: KindWeights = [
  ['elderly_single', 8],
  ['elderly_couple', 14],
  ['couple', 12],
  ['nuclear', 35],
  ['three_gen', 15],
  ['single_adult', 10],
  ['single_parent', 6],
];
const VILLAGE_MIX: KindWeights = [
  ['elderly_single', 10],
  ['elderly_couple', 16],
  ['couple', 8],
  ['nuclear', 26],
  ['three_gen', 30],
  ['single_adult', 5],
  ['single_parent', 5],
];

interface Member {
  gender: 'male' | 'female';
  age: number;
  relation: string;
  family: string;
}

/** State shared by all communities so that ID numbers and phones never repeat across the demo. */
interface Shared {
  ids: Set<string>;
  phoneCounter: number;
}

interface CommunityOptions {
  code: string;
  short: string;
  ethnicities: readonly (readonly [string, number])[];
  migrantShare: number;
  partyShare: number;
  mix: KindWeights;
}

/** Collects one community's rows; the per-community builders below only decide the shape. */
class CommunityBuilder {
  readonly rng: Rng;
  readonly community: DemoCommunity;
  private householdSeq = 0;
  private readonly residentsOf = new Map<string, DemoResident[]>();

  constructor(
    seed: number,
    private readonly shared: Shared,
    private readonly options: CommunityOptions,
    levels: { level: TerritoryLevel; name: string }[],
  ) {
    this.rng = createRng(childSeed(seed, options.code));
    this.community = {
      code: options.code,
      districtId: options.code.slice(0, 6),
      short: options.short,
      levels,
      nodes: [],
      households: [],
      residents: [],
      positions: [],
      partyOrgs: [],
      partyMembers: [],
    };
  }

  node(parentId: string, level: TerritoryLevel, name: string): string {
    const id = this.rng.uuid();
    this.community.nodes.push({ id, parentId, level, name });
    return id;
  }

  phone(): string {
    const c = this.shared.phoneCounter++;
    const prefix = PHONE_PREFIXES[Math.floor(c / 10_000) % PHONE_PREFIXES.length]!;
    // 7919 is prime to 10,000, so the last four digits run through every value without looking sequential.
    return `${prefix}0000${String((c * 7919) % 10_000).padStart(4, '0')}`;
  }

  members(kind: HouseholdKind): Member[] {
    const { rng } = this;
    const family = surname(rng);
    const other = () => surname(rng);
    const maleHead = (p: number) => (rng.chance(p) ? 'male' : 'female') as 'male' | 'female';
    const couple = (minAge: number, maxAge: number): Member[] => {
      const g = maleHead(0.8);
      const age = rng.int(minAge, maxAge);
      return [
        { gender: g, age, relation: '户主', family },
        {
          gender: g === 'male' ? 'female' : 'male',
          age: Math.max(18, age + rng.int(-4, 3)),
          relation: '配偶',
          family: other(),
        },
      ];
    };
    const children = (parents: Member[], count: number): Member[] => {
      const father = parents.find((p) => p.gender === 'male') ?? parents[0]!;
      const out: Member[] = [];
      for (let i = 0; i < count; i++) {
        const age = parents[0]!.age - rng.int(22, 34);
        if (age < 0) continue;
        const gender = rng.chance(0.52) ? 'male' : 'female';
        out.push({
          gender,
          age,
          relation: gender === 'male' ? '子' : '女',
          family: rng.chance(0.95) ? father.family : (parents[1]?.family ?? family),
        });
      }
      return out;
    };
    switch (kind) {
      case 'elderly_single':
        return [{ gender: maleHead(0.4), age: rng.int(65, 92), relation: '户主', family }];
      case 'elderly_couple':
        return couple(62, 88);
      case 'couple':
        return couple(24, 58);
      case 'nuclear': {
        const parents = couple(28, 55);
        return [...parents, ...children(parents, rng.chance(0.55) ? 1 : 2)];
      }
      case 'three_gen': {
        const parents = couple(30, 55);
        const head = parents[0]!;
        const elders: Member[] = [];
        const fatherAge = Math.min(95, head.age + rng.int(24, 32));
        if (rng.chance(0.6))
          elders.push({ gender: 'male', age: fatherAge, relation: '父亲', family: head.family });
        if (elders.length === 0 || rng.chance(0.7)) {
          elders.push({
            gender: 'female',
            age: Math.min(95, fatherAge - rng.int(0, 4)),
            relation: '母亲',
            family: other(),
          });
        }
        return [...parents, ...elders, ...children(parents, rng.chance(0.5) ? 1 : 2)];
      }
      case 'single_adult':
        return [{ gender: maleHead(0.6), age: rng.int(20, 55), relation: '户主', family }];
      case 'single_parent': {
        const head: Member = { gender: maleHead(0.3), age: rng.int(30, 50), relation: '户主', family };
        const child = children([head], 1);
        return [head, ...child];
      }
    }
  }

  birthDate(age: number): string {
    const ref = Date.parse(`${DEMO_REFERENCE_DATE}T00:00:00Z`);
    const days = Math.floor(age * 365.25) + this.rng.int(0, 364);
    return new Date(ref - days * 86_400_000).toISOString().slice(0, 10);
  }

  idNumber(region: string, birthDate: string, gender: 'male' | 'female'): string {
    for (;;) {
      // Odd sequence = male, even = female (GB 11643).
      const seq = this.rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
      const id = makeIdNumber(region, birthDate, seq);
      if (!this.shared.ids.has(id)) {
        this.shared.ids.add(id);
        return id;
      }
    }
  }

  education(age: number): string | null {
    const { rng } = this;
    if (age < 6) return null;
    if (age < 12) return '小学';
    if (age < 15) return '初中';
    if (age < 18) return '高中';
    if (age >= 70)
      return rng.weighted([
        ['文盲或半文盲', 2],
        ['小学', 5],
        ['初中', 3],
        ['高中', 1],
      ]);
    if (age >= 50)
      return rng.weighted([
        ['小学', 3],
        ['初中', 5],
        ['高中', 3],
        ['中专', 1],
        ['大专', 1],
      ]);
    return rng.weighted([
      ['初中', 3],
      ['高中', 3],
      ['中专', 2],
      ['大专', 3],
      ['本科', 3],
      ['研究生', 0.5],
    ]);
  }

  /** One household of `kind` at `nodeId`; `maxSize` trims it when a community must reach an exact head count. */
  household(nodeId: string, address: string, kind?: HouseholdKind, maxSize = Infinity): DemoHousehold {
    const { rng, options } = this;
    const id = rng.uuid();
    const chosen = kind ?? rng.weighted(options.mix);
    const members = this.members(chosen).slice(0, Math.max(1, maxSize));
    const isMigrant = rng.chance(options.migrantShare) && !chosen.startsWith('elderly');
    const region = isMigrant ? rng.pick(MIGRANT_REGIONS) : this.community.districtId;
    const residenceType = isMigrant
      ? 'migrant'
      : rng.weighted([
          ['registered', 90],
          ['permanent', 6],
          ['separated', 4],
        ] as const);
    const allElderly = members.every((m) => m.age >= 60);
    const ethnicity = rng.weighted(options.ethnicities);
    const isPoor = rng.chance(0.015);
    const residents = members.map((m, i): DemoResident => {
      const birthDate = this.birthDate(m.age);
      const politicalStatus =
        m.age >= 18 && rng.chance(m.age >= 60 ? options.partyShare * 1.6 : options.partyShare)
          ? '中共党员'
          : m.age >= 14 && m.age <= 28 && rng.chance(0.35)
            ? '共青团员'
            : '群众';
      const tags: DemoTag[] = [];
      const tag = (code: string, sensitive = false, note: string | null = null) =>
        tags.push({ code, lawfulBasis: sensitive ? 'statutory_duty' : null, note });
      if (allElderly) tag('empty_nest');
      if (chosen === 'elderly_single') tag('living_alone');
      if (m.age >= 80) tag('elderly_80');
      if (politicalStatus === '中共党员') tag('party_member');
      if (isMigrant) tag('migrant');
      if (m.gender === 'male' && m.age >= 40 && m.age <= 75 && rng.chance(0.03)) tag('veteran');
      if (m.age >= 75 && rng.chance(0.08)) tag('limited_mobility', true);
      if (rng.chance(0.008)) tag('disability', true);
      if (isPoor && i === 0) tag('dibao', true);
      return {
        id: rng.uuid(),
        householdId: id,
        name: personName(rng, m.gender, m.family),
        gender: m.gender,
        birthDate,
        idNumber: this.idNumber(region, birthDate, m.gender),
        phone: m.age >= 16 && rng.chance(m.age >= 80 ? 0.5 : 0.92) ? this.phone() : null,
        relationToHead: m.relation,
        ethnicity,
        politicalStatus,
        education: this.education(m.age),
        residenceType,
        tags,
      };
    });
    this.householdSeq++;
    const household: DemoHousehold = {
      id,
      nodeId,
      householdNo: `${options.short}${String(this.householdSeq).padStart(5, '0')}`,
      address,
      headResidentId: residents[0]!.id,
    };
    this.community.households.push(household);
    this.community.residents.push(...residents);
    this.residentsOf.set(id, residents);
    return household;
  }

  residentsOfHousehold(householdId: string): DemoResident[] {
    return this.residentsOf.get(householdId) ?? [];
  }

  /** Households of a building: `units` × `floors` × 2 doors, rooms numbered 101, 102, 201 … */
  building(nodeId: string, label: string, units: number, floors: number): DemoHousehold[] {
    const out: DemoHousehold[] = [];
    for (let u = 1; u <= units; u++) {
      for (let f = 1; f <= floors; f++) {
        for (let d = 1; d <= 2; d++) {
          out.push(this.household(nodeId, `${label}${units > 1 ? `${u}单元` : ''}${f}0${d}室`));
        }
      }
    }
    return out;
  }

  position(p: Partial<DemoPosition> & Pick<DemoPosition, 'nodeId' | 'kind' | 'holderName'>): DemoPosition {
    const position: DemoPosition = {
      id: this.rng.uuid(),
      holderResidentId: null,
      identity: null,
      phone: null,
      note: null,
      partyMemberId: null,
      login: null,
      householdIds: [],
      ...p,
    };
    this.community.positions.push(position);
    return position;
  }

  /** A community worker or cadre who is not (necessarily) a resident here. */
  staff(
    nodeId: string,
    kind: PositionKind,
    identity: string,
    extra: Partial<DemoPosition> = {},
  ): DemoPosition {
    const gender = this.rng.chance(0.55) ? 'female' : 'male';
    return this.position({
      nodeId,
      kind,
      holderName: personName(this.rng, gender),
      identity,
      phone: this.phone(),
      ...extra,
    });
  }

  /** A position held by the head of a household (always its first member). */
  residentPosition(
    household: DemoHousehold,
    kind: PositionKind,
    nodeId: string,
    extra: Partial<DemoPosition> = {},
  ): DemoPosition {
    const holder = this.residentsOfHousehold(household.id)[0]!;
    return this.position({
      nodeId,
      kind,
      holderName: holder.name,
      holderResidentId: holder.id,
      phone: holder.phone,
      ...extra,
    });
  }

  /** Community leadership every seed names: 书记, 主任 and 两委委员. */
  leadership(): void {
    this.staff(COMMUNITY_NODE, 'secretary', '社区党组织书记');
    this.staff(COMMUNITY_NODE, 'director', '居委会主任');
    for (let i = 0; i < 3; i++) this.staff(COMMUNITY_NODE, 'committee_member', '两委委员');
  }

  org(parentId: string | null, kind: DemoPartyOrg['kind'], name: string, nodeId: string): string {
    const id = this.rng.uuid();
    this.community.partyOrgs.push({ id, parentId, kind, name, nodeId });
    return id;
  }

  /** Every 中共党员 among `households`' residents joins `orgId`; some work elsewhere (在职党员). */
  enrolMembers(orgId: string, households: DemoHousehold[], inServiceShare: number): DemoPartyMember[] {
    const added: DemoPartyMember[] = [];
    for (const h of households) {
      for (const r of this.residentsOfHousehold(h.id)) {
        if (r.politicalStatus !== '中共党员') continue;
        const age = Number(DEMO_REFERENCE_DATE.slice(0, 4)) - Number(r.birthDate.slice(0, 4));
        const inService = age >= 25 && age < 60 && this.rng.chance(inServiceShare);
        const joinedYear =
          Number(r.birthDate.slice(0, 4)) + this.rng.int(19, Math.max(19, Math.min(age - 1, 45)));
        const member: DemoPartyMember = {
          id: this.rng.uuid(),
          orgId,
          residentId: r.id,
          name: r.name,
          kind: inService ? 'in_service' : 'community',
          employer: inService ? this.rng.pick(IN_SERVICE_EMPLOYERS) : null,
          postRank: inService
            ? this.rng.weighted([
                [1, 30],
                [2, 25],
                [3, 20],
                [4, 14],
                [5, 8],
                [6, 3],
              ] as const)
            : null,
          joinedOn: `${joinedYear}-07-01`,
        };
        this.community.partyMembers.push(member);
        added.push(member);
      }
    }
    return added;
  }
}

/** Splits `n` households into `k` consecutive spans as evenly as possible, with a little jitter. */
export function splitSpans(n: number, k: number, rng: Rng): number[] {
  if (k <= 0) return [];
  const sizes = Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  for (let i = 0; i + 1 < k; i++) {
    const shift = rng.int(-1, 1);
    if (sizes[i]! + shift >= 1 && sizes[i + 1]! - shift >= 1) {
      sizes[i]! += shift;
      sizes[i + 1]! -= shift;
    }
  }
  return sizes;
}

/** Distributes `total` over `weights` proportionally, exactly (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < missing; i++) out[order[i]![1]]! += 1;
  return out;
}

const LINKER_IDENTITIES: readonly (readonly [string, number])[] = [
  ['党员', 5],
  ['居民代表', 4],
  ['业委会成员', 1],
  ['物业人员', 1],
  ['五老', 2],
  ['志愿者', 3],
];
const WULIDUI_ESTATES = [
  '桃园小区',
  '金桥小区',
  '建设小区',
  '红旗小区',
  '物资局宿舍',
  '交通局宿舍',
  '电业局宿舍',
  '五里堆还建小区',
  '晓塘新村',
  '岳塘花园',
  '宝塔小区',
  '银杏小区',
  '建材厂宿舍',
  '纺织厂宿舍',
  '怡景小区',
  '东方红小区',
  '学府小区',
  '湘江小区',
  '长岭小区',
  '丽景苑',
  '芙蓉小区',
  '向阳小区',
];

/**
 * 五里堆 (S4, 三长制): 10 片区 each led by a 社区工作者 as 片长, 33 组 of about 100 neighbouring households with a
 * 组长, and 194 邻长 who each link a run of neighbouring households. Includes 和谐小区 23栋 of AS-01 and the
 * logins 余成 (邻长) and 阳瑶 (片长 of 第二片区).
 */
function buildWulidui(seed: number, shared: Shared): DemoCommunity {
  const b = new CommunityBuilder(
    seed,
    shared,
    {
      code: WULIDUI_CODE,
      short: 'WLD',
      ethnicities: [
        ['汉族', 97],
        ['土家族', 1.5],
        ['苗族', 1],
        ['回族', 0.5],
      ],
      migrantShare: 0.06,
      partyShare: 0.07,
      mix: URBAN_MIX,
    },
    [
      { level: 'area', name: '片区' },
      { level: 'resident_group', name: '组' },
      { level: 'estate', name: '小区' },
      { level: 'building', name: '楼栋' },
    ],
  );
  const { rng } = b;
  b.leadership();
  const groupsPerArea = [3, 3, 4, 3, 3, 4, 3, 3, 4, 3];
  const unlinkedGroups = new Set([5, 9, 14, 18, 22, 26, 30]);
  const smallSpanGroups = new Set([11, 27]);
  const estatePool = [...WULIDUI_ESTATES];
  let groupNo = 0;
  const groups: { nodeId: string; households: DemoHousehold[]; as01?: DemoHousehold }[] = [];
  for (let a = 0; a < groupsPerArea.length; a++) {
    const areaId = b.node(COMMUNITY_NODE, 'area', `第${zhNumber(a + 1)}片区`);
    b.position({
      nodeId: areaId,
      kind: 'area_chief',
      holderName: a === 1 ? '阳瑶' : personName(rng, rng.chance(0.6) ? 'female' : 'male'),
      identity: '社区工作者',
      phone: b.phone(),
      login: a === 1 ? 'yangyao' : null,
    });
    // Buildings of the 片区 in walking order: [estate, building number, units, floors].
    const buildings: [string, number, number, number][] = [];
    const sizeOf = (x: [string, number, number, number]) => x[2] * x[3] * 2;
    const target = groupsPerArea[a]! * rng.int(84, 94);
    let total = 0;
    if (a === 0) {
      for (let n = 1; n <= 24; n++) buildings.push(['和谐小区', n, 1, 6]);
      total = 288;
    }
    if (a === 1) {
      buildings.push(['区政府小区', 1, 2, 6], ['区政府小区', 2, 2, 6]);
      total = 48;
    }
    while (total < target) {
      const estate = estatePool.splice(rng.int(0, estatePool.length - 1), 1)[0] ?? `第${a + 1}片区小区`;
      const count = rng.int(3, 9);
      for (let n = 1; n <= count && total < target; n++) {
        const units = rng.int(1, 3);
        const floors = rng.int(5, 7);
        buildings.push([estate, n, units, floors]);
        total += units * floors * 2;
      }
    }
    // Cut the walk into the 片区's 组 at the building boundary nearest each share.
    let start = 0;
    let done = 0;
    for (let g = 0; g < groupsPerArea[a]!; g++) {
      groupNo++;
      const groupId = b.node(areaId, 'resident_group', `第${groupNo}组`);
      const share = ((g + 1) * total) / groupsPerArea[a]!;
      const isLast = g === groupsPerArea[a]! - 1;
      let end = start;
      let sum = done;
      // A building joins this 组 when its middle lies before the share; every 组 gets at least one.
      while (
        end < buildings.length &&
        (isLast || end === start || sum + sizeOf(buildings[end]!) / 2 <= share)
      ) {
        sum += sizeOf(buildings[end]!);
        end++;
      }
      const group = {
        nodeId: groupId,
        households: [] as DemoHousehold[],
        as01: undefined as DemoHousehold | undefined,
      };
      const estateNodes = new Map<string, string>();
      for (const [estate, n, units, floors] of buildings.slice(start, end)) {
        if (!estateNodes.has(estate)) estateNodes.set(estate, b.node(groupId, 'estate', estate));
        const buildingId = b.node(estateNodes.get(estate)!, 'building', `${n}栋`);
        if (estate === '和谐小区' && n === 23) {
          group.households.push(...wuliduiBuilding23(b, buildingId, group));
        } else {
          group.households.push(...b.building(buildingId, `${estate}${n}栋`, units, floors));
        }
      }
      groups.push(group);
      start = end;
      done = sum;
    }
  }

  // 194 邻长 over the 33 组 in proportion to their households; each links a run of neighbouring households.
  const linkable = groups.map((g, i) =>
    unlinkedGroups.has(i + 1) ? g.households.slice(0, -1) : g.households,
  );
  const chiefs = apportion(
    194,
    linkable.map((h) => h.length),
  );
  groups.forEach((group, i) => {
    const households = linkable[i]!;
    const chiefHousehold = households[rng.int(0, households.length - 1)]!;
    b.residentPosition(chiefHousehold, 'group_chief', group.nodeId, {
      identity: rng.weighted(LINKER_IDENTITIES),
    });
    const runs: DemoHousehold[][] = [];
    if (group.as01) {
      // 余成 links the first ten households of 和谐小区 23栋, his own and 李德厚's among them.
      const at = households.findIndex((h) => h.address.startsWith('和谐小区23栋'));
      const before = households.slice(0, at);
      const after = households.slice(at + 10);
      const kBefore = Math.round(((chiefs[i]! - 1) * before.length) / (before.length + after.length));
      runs.push(
        ...cut(before, splitSpans(before.length, kBefore, rng)),
        households.slice(at, at + 10),
        ...cut(after, splitSpans(after.length, chiefs[i]! - 1 - kBefore, rng)),
      );
    } else {
      const sizes = splitSpans(households.length, chiefs[i]!, rng);
      if (smallSpanGroups.has(i + 1)) {
        // A 邻长 who took over a few households only: the coverage report must warn about him.
        const extra = sizes[sizes.length - 1]! - rng.int(3, 4);
        sizes[sizes.length - 1]! -= extra;
        for (let k = 0; k < extra; k++) sizes[k % (sizes.length - 1)]! += 1;
      }
      runs.push(...cut(households, sizes));
    }
    for (const run of runs) {
      const isYucheng = group.as01 !== undefined && run.includes(group.as01);
      const holderHousehold = isYucheng ? run.find((h) => h.address === '和谐小区23栋501室')! : run[0]!;
      b.residentPosition(holderHousehold, 'neighbour_chief', group.nodeId, {
        identity: isYucheng ? '党员' : rng.weighted(LINKER_IDENTITIES),
        login: isYucheng ? 'yucheng' : null,
        householdIds: run.map((h) => h.id),
      });
    }
  });

  const branch = b.org(null, 'general_branch', '五里堆社区党总支', COMMUNITY_NODE);
  b.enrolMembers(branch, b.community.households, 0.1);
  return b.community;
}

function cut<T>(items: T[], sizes: number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/** 和谐小区 23栋 (AS-01): 李德厚 (帕金森, 行动不便) lives in 201 under a leaking 301; 邻长 余成 lives in 501. */
function wuliduiBuilding23(
  b: CommunityBuilder,
  buildingId: string,
  group: { as01?: DemoHousehold },
): DemoHousehold[] {
  const out: DemoHousehold[] = [];
  for (let f = 1; f <= 6; f++) {
    for (let d = 1; d <= 2; d++) {
      const address = `和谐小区23栋${f}0${d}室`;
      if (f === 2 && d === 1) {
        const h = b.household(buildingId, address, 'elderly_couple');
        const [grandpa, grandma] = b.residentsOfHousehold(h.id);
        Object.assign(grandpa!, reissue(b, '李德厚', 'male', 82));
        grandpa!.tags = [
          { code: 'empty_nest', lawfulBasis: null, note: null },
          { code: 'elderly_80', lawfulBasis: null, note: null },
          { code: 'limited_mobility', lawfulBasis: 'statutory_duty', note: '帕金森病，行动不便，需上门服务' },
          { code: 'health_condition', lawfulBasis: 'statutory_duty', note: '帕金森病' },
        ];
        Object.assign(grandma!, reissue(b, '王秀英', 'female', 79));
        group.as01 = h;
        out.push(h);
      } else if (f === 5 && d === 1) {
        const h = b.household(buildingId, address, 'couple');
        const [head] = b.residentsOfHousehold(h.id);
        Object.assign(head!, reissue(b, '余成', 'male', 58), {
          politicalStatus: '中共党员',
          education: '高中',
        });
        head!.tags = [{ code: 'party_member', lawfulBasis: null, note: null }];
        out.push(h);
      } else {
        out.push(b.household(buildingId, address));
      }
    }
  }
  return out;
}

/** A fixed person of the seeds: name, gender and age set, with a fresh ID number that matches them. */
function reissue(
  b: CommunityBuilder,
  name: string,
  gender: 'male' | 'female',
  age: number,
): Partial<DemoResident> {
  const birthDate = b.birthDate(age);
  return {
    name,
    gender,
    birthDate,
    idNumber: b.idNumber(b.community.districtId, birthDate, gender),
    education: b.education(age),
  };
}

/** 新集 (S3): 13 网格 led by a 网格长 (the grid's party-branch secretary) with a 网格员, 66 居民小组, 11,671 people. */
function buildXinji(seed: number, shared: Shared): DemoCommunity {
  const b = new CommunityBuilder(
    seed,
    shared,
    {
      code: XINJI_CODE,
      short: 'XJ',
      ethnicities: [
        ['汉族', 98],
        ['回族', 1.5],
        ['满族', 0.5],
      ],
      migrantShare: 0.14,
      partyShare: 0.06,
      mix: VILLAGE_MIX,
    },
    [
      { level: 'grid', name: '网格' },
      { level: 'resident_group', name: '居民小组' },
    ],
  );
  const { rng } = b;
  b.leadership();
  const committee = b.org(null, 'committee', '新集社区党委', COMMUNITY_NODE);
  const groupsPerGrid = apportion(
    66,
    Array.from({ length: 13 }, () => 1),
  );
  const people = apportion(
    11_671,
    Array.from({ length: 66 }, () => rng.int(160, 195)),
  );
  let groupNo = 0;
  for (let g = 0; g < 13; g++) {
    const gridId = b.node(COMMUNITY_NODE, 'grid', `第${zhNumber(g + 1)}网格`);
    const gridHouseholds: DemoHousehold[] = [];
    for (let k = 0; k < groupsPerGrid[g]!; k++) {
      const groupId = b.node(gridId, 'resident_group', `第${groupNo + 1}组`);
      let remaining = people[groupNo]!;
      const households: DemoHousehold[] = [];
      for (let n = 1; remaining > 0; n++) {
        const h = b.household(groupId, `新集社区第${groupNo + 1}组${n}号`, undefined, remaining);
        remaining -= b.residentsOfHousehold(h.id).length;
        households.push(h);
      }
      b.residentPosition(households[rng.int(0, households.length - 1)]!, 'team_leader', groupId, {
        identity: '居民小组长',
      });
      gridHouseholds.push(...households);
      groupNo++;
    }
    const branch = b.org(committee, 'branch', `第${zhNumber(g + 1)}网格党支部`, gridId);
    const members = b.enrolMembers(branch, gridHouseholds, 0.08);
    const secretary = members.find((m) => m.kind === 'community') ?? members[0];
    if (secretary) {
      const holder = b.community.residents.find((r) => r.id === secretary.residentId)!;
      b.position({
        nodeId: gridId,
        kind: 'grid_chief',
        holderName: holder.name,
        holderResidentId: holder.id,
        phone: holder.phone,
        identity: '党支部书记',
        partyMemberId: secretary.id,
      });
    } else {
      b.staff(gridId, 'grid_chief', '党支部书记');
    }
    b.staff(gridId, 'grid_worker', '专职网格员', { login: g === 0 ? 'xinji-grid' : null });
  }
  return b.community;
}

/** 美湖 (S1): about 4,000 people, mostly 回迁户, in 2 小区 split into 6 楼片 each with a 楼片长 and a 党小组. */
function buildMeihu(seed: number, shared: Shared): DemoCommunity {
  const b = new CommunityBuilder(
    seed,
    shared,
    {
      code: MEIHU_CODE,
      short: 'MH',
      ethnicities: [
        ['汉族', 99],
        ['回族', 1],
      ],
      migrantShare: 0.05,
      partyShare: 0.07,
      mix: URBAN_MIX,
    },
    [
      { level: 'estate', name: '小区' },
      { level: 'building_cluster', name: '楼片' },
      { level: 'building', name: '楼栋' },
    ],
  );
  const { rng } = b;
  b.leadership();
  const branch = b.org(null, 'general_branch', '美湖社区党总支', COMMUNITY_NODE);
  let cluster = 0;
  for (const estate of ['美湖花园', '湖畔家园']) {
    const estateId = b.node(COMMUNITY_NODE, 'estate', estate);
    let buildingNo = 0;
    for (let c = 0; c < 3; c++) {
      cluster++;
      const clusterId = b.node(estateId, 'building_cluster', `第${zhNumber(cluster)}楼片`);
      const households: DemoHousehold[] = [];
      let people = 0;
      while (people < 670) {
        buildingNo++;
        const buildingId = b.node(clusterId, 'building', `${buildingNo}栋`);
        const inBuilding = b.building(buildingId, `${estate}${buildingNo}栋`, rng.int(2, 3), rng.int(6, 11));
        b.residentPosition(inBuilding[rng.int(0, inBuilding.length - 1)]!, 'building_chief', buildingId, {
          identity: '楼栋长',
        });
        households.push(...inBuilding);
        people += inBuilding.reduce((s, h) => s + b.residentsOfHousehold(h.id).length, 0);
      }
      b.residentPosition(households[rng.int(0, households.length - 1)]!, 'team_leader', clusterId, {
        identity: '楼片长',
        note: '楼片长',
      });
      const group = b.org(branch, 'group', `第${zhNumber(cluster)}楼片党小组`, clusterId);
      b.enrolMembers(group, households, 0.1);
    }
  }
  return b.community;
}

/**
 * 栗园 (S2): the four-level party tree 社区大党委 → 小区党支部 → 楼栋党小组; in-service members (在职党员) with
 * employer and post; the highest-ranked in-service member of a building is its 楼栋长; every other member links
 * a few neighbouring households (三联: 党员联户).
 */
function buildLiyuan(seed: number, shared: Shared): DemoCommunity {
  const b = new CommunityBuilder(
    seed,
    shared,
    {
      code: LIYUAN_CODE,
      short: 'LY',
      ethnicities: [
        ['汉族', 97],
        ['畲族', 3],
      ],
      migrantShare: 0.04,
      partyShare: 0.11,
      mix: URBAN_MIX,
    },
    [
      { level: 'estate', name: '小区' },
      { level: 'building', name: '楼栋' },
    ],
  );
  const { rng } = b;
  b.leadership();
  const committee = b.org(null, 'committee', '栗园社区大党委', COMMUNITY_NODE);
  for (const estate of ['栗园新村', '莲峰花园', '文川小区', '冠豸苑', '北团小区']) {
    const estateId = b.node(COMMUNITY_NODE, 'estate', estate);
    const branch = b.org(committee, 'branch', `${estate}党支部`, estateId);
    const buildings = rng.int(6, 10);
    for (let n = 1; n <= buildings; n++) {
      const buildingId = b.node(estateId, 'building', `${n}栋`);
      const households = b.building(buildingId, `${estate}${n}栋`, rng.int(1, 3), rng.int(5, 7));
      const group = b.org(branch, 'group', `${estate}${n}栋党小组`, buildingId);
      const members = b.enrolMembers(group, households, 0.55);
      const top = members.filter((m) => m.kind === 'in_service').sort((x, y) => y.postRank! - x.postRank!)[0];
      const holderOf = (m: DemoPartyMember) => b.community.residents.find((r) => r.id === m.residentId)!;
      if (top) {
        b.position({
          nodeId: buildingId,
          kind: 'building_chief',
          holderName: top.name,
          holderResidentId: top.residentId,
          phone: holderOf(top).phone,
          identity: '在职党员',
          partyMemberId: top.id,
        });
      }
      for (const m of members) {
        if (m === top) continue;
        // 联户 starts from the left and right neighbours (左邻右舍): the member's own household and the next few.
        const at = households.findIndex((h) => h.id === holderOf(m).householdId);
        const run = households.slice(Math.max(0, at - 2), at + rng.int(3, 6));
        b.position({
          nodeId: buildingId,
          kind: 'party_linker',
          holderName: m.name,
          holderResidentId: m.residentId,
          phone: holderOf(m).phone,
          identity: m.kind === 'in_service' ? '在职党员' : '党员',
          partyMemberId: m.id,
          householdIds: run.map((h) => h.id),
        });
      }
    }
  }
  return b.community;
}

/**
 * 饶吕 (S0, 党带群建·十户联治): the un-demolished 曹营自然村 with three 村民组, a 户长 for about every ten households
 * and a 村民组长 per 组, a 包片干部; and the resettlement estate of the demolished part.
 */
function buildRaolv(seed: number, shared: Shared): DemoCommunity {
  const b = new CommunityBuilder(
    seed,
    shared,
    {
      code: RAOLV_CODE,
      short: 'RL',
      ethnicities: [
        ['汉族', 99],
        ['回族', 1],
      ],
      migrantShare: 0.03,
      partyShare: 0.06,
      mix: VILLAGE_MIX,
    },
    [
      { level: 'natural_village', name: '自然村' },
      { level: 'resident_group', name: '村民组' },
      { level: 'estate', name: '小区' },
      { level: 'building', name: '楼栋' },
    ],
  );
  const { rng } = b;
  b.leadership();
  const branch = b.org(null, 'general_branch', '饶吕社区党总支', COMMUNITY_NODE);
  const villageId = b.node(COMMUNITY_NODE, 'natural_village', '曹营自然村');
  b.staff(villageId, 'cadre', '社区包片干部');
  const villageHouseholds: DemoHousehold[] = [];
  let doorNo = 0;
  for (const name of ['曹营一组', '曹营二组', '曹营三组']) {
    const groupId = b.node(villageId, 'resident_group', name);
    const households: DemoHousehold[] = [];
    const count = rng.int(95, 115);
    for (let n = 0; n < count; n++) households.push(b.household(groupId, `曹营自然村${++doorNo}号`));
    b.residentPosition(households[rng.int(0, households.length - 1)]!, 'team_leader', groupId, {
      identity: '村民组长',
    });
    for (const run of cut(
      households,
      splitSpans(households.length, Math.round(households.length / 10), rng),
    )) {
      b.residentPosition(run[rng.int(0, run.length - 1)]!, 'household_chief', groupId, {
        identity: '户长',
        householdIds: run.map((h) => h.id),
      });
    }
    villageHouseholds.push(...households);
  }
  b.enrolMembers(b.org(branch, 'group', '曹营自然村党小组', villageId), villageHouseholds, 0.05);
  const estateId = b.node(COMMUNITY_NODE, 'estate', '饶吕还建小区');
  const estateHouseholds: DemoHousehold[] = [];
  for (let n = 1; n <= 12; n++) {
    const buildingId = b.node(estateId, 'building', `${n}栋`);
    estateHouseholds.push(...b.building(buildingId, `饶吕还建小区${n}栋`, 2, rng.int(6, 9)));
  }
  b.enrolMembers(branch, estateHouseholds, 0.08);
  return b.community;
}

/** The whole demo: five communities in five districts, and the logins to try it with. */
export function generateDemo(seed = DEMO_SEED): DemoData {
  const shared: Shared = { ids: new Set(), phoneCounter: 0 };
  const communities = [
    buildWulidui(seed, shared),
    buildXinji(seed, shared),
    buildMeihu(seed, shared),
    buildLiyuan(seed, shared),
    buildRaolv(seed, shared),
  ];
  const xinjiWorker = communities[1]!.positions.find((p) => p.login === 'xinji-grid')!;
  for (const c of communities) {
    c.positions.unshift({
      id: createRng(childSeed(seed, `admin:${c.code}`)).uuid(),
      nodeId: DISTRICT_NODE,
      kind: 'admin',
      holderName: '演示管理员',
      holderResidentId: null,
      identity: null,
      phone: null,
      note: null,
      partyMemberId: null,
      login: DEMO_USERNAME,
      householdIds: [],
    });
  }
  return {
    communities,
    logins: [
      {
        username: DEMO_USERNAME,
        displayName: '演示管理员',
        isSuperuser: true,
        homeDistrictId: WULIDUI_CODE.slice(0, 6),
      },
      {
        username: 'yucheng',
        displayName: '余成',
        isSuperuser: false,
        homeDistrictId: WULIDUI_CODE.slice(0, 6),
      },
      {
        username: 'yangyao',
        displayName: '阳瑶',
        isSuperuser: false,
        homeDistrictId: WULIDUI_CODE.slice(0, 6),
      },
      {
        username: 'xinji-grid',
        displayName: xinjiWorker.holderName,
        isSuperuser: false,
        homeDistrictId: XINJI_CODE.slice(0, 6),
      },
      // AS-01: the repair worker a case is dispatched to (no position: an external handler) and 李德厚 himself.
      {
        username: 'weixiu',
        displayName: '维修师傅刘强',
        isSuperuser: false,
        homeDistrictId: WULIDUI_CODE.slice(0, 6),
      },
      {
        username: 'lidehou',
        displayName: '李德厚',
        isSuperuser: false,
        homeDistrictId: WULIDUI_CODE.slice(0, 6),
        residentId: communities[0]!.residents.find((r) => r.name === '李德厚')!.id,
      },
    ],
  };
}
