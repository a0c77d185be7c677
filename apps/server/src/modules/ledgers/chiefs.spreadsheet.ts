import { POSITION_LABELS, type PositionKind } from '../../platform/access/positions.ts';
import {
  type CellValue,
  type ColumnSpec,
  cellDate,
  cellText,
  type RowIssue,
} from '../../platform/spreadsheet/index.ts';
import { LANDLINE, MOBILE } from '../people/resident-record.ts';

/** The 户长/邻长/组长/片长花名册 (research/domain.md §9). */
export const CHIEF_COLUMNS = [
  { key: 'name', header: '姓名', isRequired: true, width: 10 },
  {
    key: 'kind',
    header: '层级',
    aliases: ['职务', '角色'],
    isRequired: true,
    hint: '片长/组长/邻长/户长/网格员…',
    width: 10,
  },
  { key: 'identity', header: '身份', hint: '党员/五老/居民代表/社区工作者…', width: 12 },
  {
    key: 'phone',
    header: '电话',
    aliases: ['联系电话', '手机'],
    hint: '11 位手机号，设置为文本',
    isText: true,
    width: 14,
  },
  {
    key: 'node',
    header: '所属节点',
    aliases: ['所属片/组/网格', '所属区域'],
    isRequired: true,
    hint: '名称或编码，须已建好',
    width: 16,
  },
  {
    key: 'households',
    header: '联系户清单',
    aliases: ['联系户'],
    hint: '户编号;户编号;…',
    isText: true,
    width: 30,
  },
  { key: 'origin', header: '产生方式', hint: '推选/自荐/指定', width: 10 },
  {
    key: 'validFrom',
    header: '任职起始',
    aliases: ['任职开始'],
    hint: 'yyyy-mm-dd，可留空',
    isText: true,
    width: 12,
  },
  { key: 'validTo', header: '任职结束', hint: 'yyyy-mm-dd，可留空', isText: true, width: 12 },
] as const satisfies readonly ColumnSpec[];

export type ChiefColumn = (typeof CHIEF_COLUMNS)[number]['key'];
export const CHIEF_HEADER = Object.fromEntries(CHIEF_COLUMNS.map((c) => [c.key, c.header])) as Record<
  ChiefColumn,
  string
>;

/** Positions a roster may create: the field roles, never administrator posts (those grant the whole registry). */
export const ROSTER_KINDS: readonly PositionKind[] = [
  'area_chief',
  'group_chief',
  'neighbour_chief',
  'household_chief',
  'grid_chief',
  'grid_worker',
  'building_chief',
  'team_leader',
  'cadre',
  'party_linker',
];
const KIND_BY_LABEL = new Map<string, PositionKind>([
  ...ROSTER_KINDS.map((k) => [POSITION_LABELS[k], k] as const),
  ['楼长', 'building_chief'],
  ['网格长', 'grid_chief'],
]);
export const ORIGINS = { 推选: 'elected', 自荐: 'self_nominated', 指定: 'appointed' } as const;
export const ORIGIN_LABELS = { elected: '推选', self_nominated: '自荐', appointed: '指定' } as const;
/** Longest household list one row may carry. */
export const MAX_LINKED_HOUSEHOLDS = 500;

export interface MappedChief {
  name: string;
  kind: PositionKind;
  identity: string | null;
  phone: string | null;
  nodeRef: string;
  householdNos: string[];
  origin: 'elected' | 'self_nominated' | 'appointed';
  validFrom: string | null;
  validTo: string | null;
}

/** One roster row → a position to create, or row-level issues naming the column. Pure. */
export function mapChiefRow(
  rowNo: number,
  values: CellValue[],
  columns: ReadonlyMap<ChiefColumn, number>,
): { ok: true; row: MappedChief } | { ok: false; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const raw = (key: ChiefColumn) => {
    const col = columns.get(key);
    return col === undefined ? undefined : values[col];
  };
  const issue = (key: ChiefColumn, message: string) =>
    issues.push({ rowNo, column: CHIEF_HEADER[key], message, severity: 'error' });
  const text = (key: ChiefColumn, max: number) => {
    const t = cellText(raw(key));
    if (t && [...t].length > max) {
      issue(key, `不能超过 ${max} 个字`);
      return null;
    }
    return t;
  };

  const name = text('name', 50);
  if (!name) issue('name', '姓名不能为空');
  const kindText = text('kind', 20);
  const kind = kindText ? KIND_BY_LABEL.get(kindText) : undefined;
  if (!kindText) issue('kind', '层级不能为空');
  else if (!kind) issue('kind', `层级应为 ${[...KIND_BY_LABEL.keys()].join('/')} 之一，不是“${kindText}”`);
  const identity = text('identity', 20);
  const phone = text('phone', 20)?.replace(/\s/g, '') ?? null;
  if (phone && !MOBILE.test(phone) && !LANDLINE.test(phone))
    issue('phone', '电话应为 11 位手机号或带区号的固定电话');
  const nodeRef = text('node', 100);
  if (!nodeRef) issue('node', '所属节点不能为空');
  const householdNos = [...new Set((text('households', 20000) ?? '').split(/[;；,，、\s]+/).filter(Boolean))];
  if (householdNos.length > MAX_LINKED_HOUSEHOLDS)
    issue('households', `联系户不能超过 ${MAX_LINKED_HOUSEHOLDS} 户`);
  if (householdNos.some((h) => h.length > 40)) issue('households', '户编号不能超过 40 个字');
  const originText = text('origin', 10);
  const origin = originText ? ORIGINS[originText as keyof typeof ORIGINS] : 'appointed';
  if (!origin) issue('origin', `产生方式应为 推选/自荐/指定 之一，不是“${originText}”`);
  const from = cellDate(raw('validFrom'));
  if (!from.ok) issue('validFrom', '任职起始格式应为 yyyy-mm-dd');
  const to = cellDate(raw('validTo'));
  if (!to.ok) issue('validTo', '任职结束格式应为 yyyy-mm-dd');
  if (from.ok && to.ok && from.date && to.date && to.date < from.date)
    issue('validTo', '任职结束不能早于任职起始');

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    row: {
      name: name!,
      kind: kind!,
      identity,
      phone,
      nodeRef: nodeRef!,
      householdNos,
      origin: origin!,
      validFrom: from.ok ? from.date : null,
      validTo: to.ok ? to.date : null,
    },
  };
}
