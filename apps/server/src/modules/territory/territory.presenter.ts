import type { TerritoryNode } from '@gongzhi/contract/territory';
import type { NodeCounts } from './territory.repository.ts';
import type { TerritoryLevel } from './territory-tree.ts';

export interface NodeRow {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  isActive: boolean;
}

const NO_COUNTS: NodeCounts = { households: 0, residents: 0, chiefs: 0, childCount: 0 };

export function presentNode(
  row: NodeRow,
  counts: NodeCounts | undefined,
  levelNames: Record<TerritoryLevel, string>,
): TerritoryNode {
  const { childCount, ...subtree } = counts ?? NO_COUNTS;
  const level = row.level as TerritoryLevel;
  return {
    id: row.id,
    parentId: row.parentId,
    level,
    levelName: levelNames[level],
    code: row.code,
    name: row.name,
    validFrom: row.validFrom,
    validTo: row.validTo,
    isActive: row.isActive,
    childCount,
    counts: subtree,
  };
}
