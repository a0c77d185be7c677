/**
 * Pure rules of the territory tree: which levels exist, how codes are made below community level, and how
 * ltree paths are built. Levels above community carry official 统计用区划代码.
 */
export const TERRITORY_LEVELS = [
  'district',
  'subdistrict',
  'community',
  'natural_village',
  'area',
  'grid',
  'resident_group',
  'estate',
  'building_cluster',
  'building',
  'unit',
  'dwelling',
] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export const OFFICIAL_LEVELS: readonly TerritoryLevel[] = ['district', 'subdistrict', 'community'];

export const LEVEL_LABELS: Record<TerritoryLevel, string> = {
  district: '区县',
  subdistrict: '街道/乡镇',
  community: '社区/村',
  natural_village: '自然村',
  area: '片区',
  grid: '网格',
  resident_group: '居民小组',
  estate: '小区',
  building_cluster: '楼片',
  building: '楼栋',
  unit: '单元',
  dwelling: '户室',
};

/** Two-letter pinyin initials used in generated codes, e.g. `430304008004-PQ0001` for the first 片区. */
export const LEVEL_CODE_PREFIX: Record<TerritoryLevel, string> = {
  district: '',
  subdistrict: '',
  community: '',
  natural_village: 'ZR',
  area: 'PQ',
  grid: 'WG',
  resident_group: 'ZU',
  estate: 'XQ',
  building_cluster: 'LP',
  building: 'LD',
  unit: 'DY',
  dwelling: 'HS',
};

export function generatedCode(communityCode: string, level: TerritoryLevel, counter: number): string {
  return `${communityCode}-${LEVEL_CODE_PREFIX[level]}${String(counter).padStart(4, '0')}`;
}

/** The ltree label of a node: its never-reused node number. */
export const pathLabel = (nodeNo: number) => `n${nodeNo}`;

export function childPath(parentPath: string | null, nodeNo: number): string {
  return parentPath ? `${parentPath}.${pathLabel(nodeNo)}` : pathLabel(nodeNo);
}

/** Moving `path`'s subtree from `oldPrefix` to `newPrefix`. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (path !== oldPrefix && !path.startsWith(`${oldPrefix}.`)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

/** A node may not move under itself or its own descendants. */
export function wouldCreateCycle(nodePath: string, newParentPath: string): boolean {
  return newParentPath === nodePath || newParentPath.startsWith(`${nodePath}.`);
}

/** The levels a node of `level` may sit under: any level above it in the canonical order, from community down. */
export function isValidParentLevel(parent: TerritoryLevel, child: TerritoryLevel): boolean {
  const p = TERRITORY_LEVELS.indexOf(parent);
  const c = TERRITORY_LEVELS.indexOf(child);
  if (OFFICIAL_LEVELS.includes(child)) return c === p + 1;
  return p >= TERRITORY_LEVELS.indexOf('community') && c > p;
}

/** Per-community level template: which levels are used, what they are called, span targets for linkers. */
export interface LevelDef {
  level: TerritoryLevel;
  name: string;
  isUsed: boolean;
}

export interface SpanRule {
  positionKind: string;
  minHouseholds: number | null;
  maxHouseholds: number | null;
  targetHouseholds: number | null;
}

export interface LevelTemplate {
  levels: LevelDef[];
  spans: SpanRule[];
}

/** The default matches the three-chief system of 五里堆 (research/domain.md R8) and 十户联治 of 饶吕. */
export function defaultLevelTemplate(): LevelTemplate {
  return {
    levels: TERRITORY_LEVELS.filter((l) => !OFFICIAL_LEVELS.includes(l)).map((level) => ({
      level,
      name: LEVEL_LABELS[level],
      isUsed: ['area', 'resident_group', 'estate', 'building', 'unit', 'dwelling'].includes(level),
    })),
    spans: [
      { positionKind: 'neighbour_chief', minHouseholds: 5, maxHouseholds: 15, targetHouseholds: 10 },
      { positionKind: 'household_chief', minHouseholds: 5, maxHouseholds: 15, targetHouseholds: 10 },
      { positionKind: 'group_chief', minHouseholds: 60, maxHouseholds: 150, targetHouseholds: 100 },
      { positionKind: 'party_linker', minHouseholds: 1, maxHouseholds: 20, targetHouseholds: 10 },
    ],
  };
}
