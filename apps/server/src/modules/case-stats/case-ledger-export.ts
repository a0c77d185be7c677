import type { Writable } from 'node:stream';
import {
  CASE_CHANNEL_LABELS,
  CASE_STATE_LABELS,
  CASE_URGENCY_LABELS,
  type CaseChannel,
  type CaseState,
  type CaseUrgency,
  SATISFACTION_LABELS,
} from '@gongzhi/contract/cases';
import type { Executor } from '../../platform/db/database.ts';
import { type ColumnSpec, createSheetWriter } from '../../platform/spreadsheet/index.ts';
import { type LedgerRow, ledgerPage, placeNames } from './case-stats.repository.ts';

/** 诉求台账: one row per case received under the node in the period. */
export const LEDGER_COLUMNS: readonly ColumnSpec[] = [
  { key: 'seq', header: '序号', width: 6 },
  { key: 'caseNo', header: '诉求编号', isText: true, width: 22 },
  { key: 'createdAt', header: '受理时间', width: 18 },
  { key: 'street', header: '街道' },
  { key: 'community', header: '社区' },
  { key: 'grid', header: '网格/片区' },
  { key: 'place', header: '位置' },
  { key: 'title', header: '诉求标题', width: 30 },
  { key: 'category', header: '类别' },
  { key: 'channel', header: '来源渠道' },
  { key: 'urgency', header: '紧急程度' },
  { key: 'state', header: '办理状态' },
  { key: 'contactName', header: '联系人' },
  { key: 'contactPhone', header: '联系电话', isText: true, width: 14 },
  { key: 'local', header: '就地解决' },
  { key: 'handler', header: '办理单位' },
  { key: 'overallDueAt', header: '办结时限', width: 18 },
  { key: 'closedAt', header: '办结时间', width: 18 },
  { key: 'onTime', header: '按期办结' },
  { key: 'reply', header: '答复内容', width: 30 },
  { key: 'replyAt', header: '答复时间', width: 18 },
  { key: 'resolved', header: '是否解决' },
  { key: 'satisfaction', header: '满意度' },
  { key: 'rework', header: '返工次数' },
];

const PAGE = 2000;

/** `张*`, `欧阳**`: the surname stays, the given name is hidden (the ledger leaves the system). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const at = (d: Date | null) => (d ? shanghai.format(d) : null);
const yesNo = (b: boolean | null) => (b === null ? null : b ? '是' : '否');

function onTime(r: LedgerRow): string | null {
  if (r.state !== 'CLOSED' || !r.closedAt) return null;
  return yesNo(!r.overallDueAt || r.closedAt <= r.overallDueAt);
}

/** Streams the ledger; phones leave masked and contact names are reduced to the surname. */
export async function writeCaseLedger(
  db: Executor,
  districtId: string,
  node: { path: string },
  range: { fromDay: string; toDayExclusive: string; category: string },
  stream: Writable,
  exportedBy: string,
): Promise<void> {
  const places = await placeNames(db, districtId, node.path);
  const writer = createSheetWriter(stream, {
    sheetName: '诉求台账',
    columns: LEDGER_COLUMNS,
    withHints: false,
    meta: {
      template: 'gongzhi.case-ledger',
      version: '1',
      exportedBy,
      exportedAt: new Date().toISOString(),
      masked: 'true',
    },
  });
  let after: { createdAtKey: string; id: string } | null = null;
  let seq = 0;
  for (;;) {
    const page = await ledgerPage(db, districtId, node.path, range, after, PAGE);
    for (const r of page) {
      const lineage = r.nodePath.split('.').map((label) => places.get(Number(label.slice(1))));
      const pick = (...levels: string[]) => lineage.find((p) => p && levels.includes(p.level))?.name ?? null;
      writer.addRow([
        ++seq,
        r.caseNo,
        at(r.createdAt),
        pick('subdistrict'),
        pick('community'),
        pick('grid', 'area', 'natural_village'),
        r.nodeName,
        r.title,
        r.categoryName,
        CASE_CHANNEL_LABELS[r.channel as CaseChannel] ?? r.channel,
        CASE_URGENCY_LABELS[r.urgency as CaseUrgency] ?? r.urgency,
        CASE_STATE_LABELS[r.state as CaseState] ?? r.state,
        r.contactName ? maskName(r.contactName) : null,
        r.contactPhoneMasked,
        yesNo(r.handledLocally),
        r.handlerName,
        at(r.overallDueAt),
        at(r.closedAt),
        onTime(r),
        r.reply,
        at(r.replyAt),
        r.satisfaction === null ? null : yesNo(r.resolved),
        r.satisfaction === null ? null : SATISFACTION_LABELS[r.satisfaction as 1 | 2 | 3 | 4 | 5],
        r.reworkCount,
      ]);
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { createdAtKey: last.createdAtKey, id: last.id };
  }
  await writer.commit();
}
