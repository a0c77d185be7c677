/**
 * Matching the place columns of a ledger row (片区/网格, 居民小组, 小区, 楼栋, 所属节点) to existing territory
 * nodes of one community: by code, or by name below the previous column's node. Pure, so it is unit-tested.
 */
export interface PlaceNode {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
  path: string;
}

export const PLACE_LEVELS = {
  area: ['area', 'grid', 'natural_village'],
  group: ['resident_group'],
  estate: ['estate', 'building_cluster', 'natural_village'],
  building: ['building'],
} as const;
export type PlaceColumn = keyof typeof PLACE_LEVELS;

export class PlaceIndex {
  private readonly byCode = new Map<string, PlaceNode>();
  private readonly byName = new Map<string, PlaceNode[]>();
  readonly byId = new Map<string, PlaceNode>();

  constructor(
    readonly community: PlaceNode,
    nodes: readonly PlaceNode[],
  ) {
    for (const n of [community, ...nodes]) {
      this.byId.set(n.id, n);
      this.byCode.set(n.code, n);
      const list = this.byName.get(n.name) ?? [];
      list.push(n);
      this.byName.set(n.name, list);
    }
  }

  /** Nodes called `nameOrCode` (or with that code) below `under`, restricted to `levels` when given. */
  find(nameOrCode: string, under: PlaceNode, levels?: readonly string[]): PlaceNode[] {
    const inside = (n: PlaceNode) =>
      n.path.startsWith(`${under.path}.`) && (!levels || levels.includes(n.level));
    const coded = this.byCode.get(nameOrCode);
    if (coded && inside(coded)) return [coded];
    return (this.byName.get(nameOrCode) ?? []).filter(inside);
  }

  /** Names of the node's ancestors from below the community down to the node, keyed by level. */
  lineage(id: string): Map<string, string> {
    const out = new Map<string, string>();
    for (
      let n = this.byId.get(id);
      n && n.id !== this.community.id;
      n = n.parentId ? this.byId.get(n.parentId) : undefined
    ) {
      if (!out.has(n.level)) out.set(n.level, n.name);
    }
    return out;
  }
}

const LABEL: Record<PlaceColumn, string> = {
  area: '片区/网格',
  group: '居民小组',
  estate: '小区',
  building: '楼栋',
};

/**
 * The deepest named place of a row (or the community when all are blank); each named place must lie below
 * the one named before it.
 */
export function resolvePlace(
  index: PlaceIndex,
  place: Record<PlaceColumn, string | null>,
): { ok: true; node: PlaceNode } | { ok: false; column: string; message: string } {
  let node = index.community;
  for (const column of ['area', 'group', 'estate', 'building'] as const) {
    const value = place[column];
    if (!value) continue;
    const found = index.find(value, node, PLACE_LEVELS[column]);
    if (found.length === 0) {
      const where = node === index.community ? '本社区' : `“${node.name}”`;
      return {
        ok: false,
        column: LABEL[column],
        message: `${where}下没有名为“${value}”的${LABEL[column]}，请先在区域管理中建立或填写编码`,
      };
    }
    if (found.length > 1) {
      return {
        ok: false,
        column: LABEL[column],
        message: `有 ${found.length} 个名为“${value}”的${LABEL[column]}，请填写其编码以区分`,
      };
    }
    node = found[0]!;
  }
  return { ok: true, node };
}
