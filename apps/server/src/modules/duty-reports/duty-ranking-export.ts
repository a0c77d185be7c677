import type { Writable } from 'node:stream';
import { type DutyRankingRow, VISITS_NOTE } from '@gongzhi/contract/duty-reports';
import { POSITION_LABELS } from '../../platform/access/positions.ts';
import { type ColumnSpec, createSheetWriter } from '../../platform/spreadsheet/index.ts';

const COLUMNS: readonly ColumnSpec[] = [
  { key: 'rank', header: '名次', width: 6 },
  { key: 'name', header: '姓名' },
  { key: 'kind', header: '职务' },
  { key: 'node', header: '所在片区/组', width: 20 },
  { key: 'grade', header: '年度评价等次' },
  { key: 'monthly', header: '月度述职次数' },
  { key: 'linked', header: '联系户数' },
  { key: 'reported', header: '上报诉求' },
  { key: 'handled', header: '参与办理' },
  { key: 'visits', header: '走访次数' },
  { key: 'attendance', header: '会议出勤' },
];

/** `张*`, `欧阳**`: the surname stays, the given name is hidden (the sheet leaves the system). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

/** Writes the year-end ranking; names are masked, missing sources say so instead of showing a number. */
export async function writeDutyRanking(
  rows: DutyRankingRow[],
  stream: Writable,
  exportedBy: string,
): Promise<void> {
  const writer = createSheetWriter(stream, {
    sheetName: '年度排名',
    columns: COLUMNS,
    withHints: false,
    meta: {
      template: 'gongzhi.duty-ranking',
      version: '1',
      exportedBy,
      exportedAt: new Date().toISOString(),
      masked: 'true',
    },
  });
  for (const r of rows) {
    writer.addRow([
      r.rank,
      maskName(r.holderName),
      POSITION_LABELS[r.positionKind],
      r.nodeName,
      r.annualGrade ?? '未评价',
      r.monthlySubmitted,
      r.figures.linkedHouseholds,
      r.figures.casesReported,
      r.figures.casesHandled,
      VISITS_NOTE,
      r.figures.attendanceNote ?? `${r.figures.attendance.attended}/${r.figures.attendance.expected}`,
    ]);
  }
  await writer.commit();
}
