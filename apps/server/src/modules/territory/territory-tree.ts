/**
 * Pure rules of the territory tree: which levels exist, how codes are made below community level, and how
 * ltree paths are built. Levels above community carry official 统计用区划代码.
 */
import {
  type LevelTemplate,
  LOCAL_LEVELS,
  TERRITORY_LEVELS,
  type TerritoryLevel,
} from '@gongzhi/contract/territory';

export { TERRITORY_LEVELS, type TerritoryLevel } from '@gongzhi/contract/territory';

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
  if (path !== oldPrefix && !path.startsWith(`${oldPrefix}.`))
    throw new Error(`${path} is not under ${oldPrefix}`);
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

export type { LevelTemplate } from '@gongzhi/contract/territory';
export type LevelDef = LevelTemplate['levels'][number];
export type SpanRule = LevelTemplate['spans'][number];

/** The default matches the three-chief system of 五里堆 (research/domain.md R8) and 十户联治 of 饶吕. */
export function defaultLevelTemplate(): LevelTemplate {
  return {
    levels: LOCAL_LEVELS.map((level) => ({
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

/** Position kinds counted as "chiefs" in subtree counts: those who look after households on the ground. */
export const CHIEF_KINDS = [
  'neighbour_chief',
  'household_chief',
  'group_chief',
  'area_chief',
  'grid_worker',
  'grid_chief',
  'building_chief',
  'team_leader',
] as const;

/** The outermost of several scope paths: a position inside another position's subtree adds no root. */
export function outermostPaths(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((a) => a !== p && p.startsWith(`${a}.`)));
}

/** Level names as the community calls them, falling back to the national labels. */
export function levelNamesOf(template: LevelTemplate | null): Record<TerritoryLevel, string> {
  const names = { ...LEVEL_LABELS };
  for (const l of template?.levels ?? []) names[l.level] = l.name;
  return names;
}

export type MoveProblem = 'official' | 'cycle' | 'level' | 'other_community' | null;

/** Why a node may not move under `parent`, or null when it may (same community, no cycle, level fits). */
export function moveProblem(
  node: { level: TerritoryLevel; path: string },
  parent: { level: TerritoryLevel; path: string },
  communityPaths: { node: string | null; parent: string | null },
): MoveProblem {
  if (OFFICIAL_LEVELS.includes(node.level)) return 'official';
  if (wouldCreateCycle(node.path, parent.path)) return 'cycle';
  if (!communityPaths.node || communityPaths.node !== communityPaths.parent) return 'other_community';
  if (!isValidParentLevel(parent.level, node.level)) return 'level';
  return null;
}
