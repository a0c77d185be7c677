import {
  type DutyFigures,
  type DutyPeriodKind,
  type DutyReport,
  type DutyState,
  NO_ATTENDANCE_NOTE,
  VISITS_NOTE,
} from '@gongzhi/contract/duty-reports';
import type { ChiefRow, RawFigures, ReportRow } from './duty-reports.repository.ts';

/** Visits have no source table yet: they show 0 with a note rather than an invented number. */
export function presentFigures(raw: RawFigures | undefined): DutyFigures {
  return {
    linkedHouseholds: raw?.linkedHouseholds ?? 0,
    casesReported: raw?.casesReported ?? 0,
    casesHandled: raw?.casesHandled ?? 0,
    visits: 0,
    visitsNote: VISITS_NOTE,
    attendance: { attended: raw?.attended ?? 0, expected: raw?.expected ?? 0 },
    attendanceNote: raw?.expected ? null : NO_ATTENDANCE_NOTE,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A chief's report for a period: the stored row, or a due one with live figures when none is stored. */
export function presentReport(
  chief: ChiefRow,
  period: { kind: DutyPeriodKind; period: string },
  dueOn: string,
  row: ReportRow | undefined,
  live: RawFigures | undefined,
): DutyReport {
  const frozen = row && row.state !== 'DUE' ? (row.figures as DutyFigures | null) : null;
  return {
    id: row?.id ?? null,
    positionId: chief.id,
    positionKind: chief.kind,
    holderName: chief.holderName,
    nodeName: chief.nodeName,
    periodKind: period.kind,
    period: period.period,
    dueOn: row?.dueOn ?? dueOn,
    state: (row?.state ?? 'DUE') as DutyState,
    form: (row?.form ?? null) as DutyReport['form'],
    content: row?.content ?? null,
    recordedByName: row?.recordedByName ?? null,
    submittedAt: iso(row?.submittedAt ?? null),
    figures: frozen ?? presentFigures(live),
    grade: row?.grade ?? null,
    evaluatorName: row?.evaluatorName ?? null,
    evaluationComment: row?.evaluationComment ?? null,
    evaluatedAt: iso(row?.evaluatedAt ?? null),
    acknowledgedAt: iso(row?.acknowledgedAt ?? null),
  };
}
