import type { ImportBatch } from '@gongzhi/contract/ledgers';
import type { BatchRow } from './ledgers.repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentBatch(b: BatchRow): ImportBatch {
  const progress =
    b.status === 'validating'
      ? null
      : b.status === 'committing'
        ? b.validRows > 0
          ? Math.min(1, b.committedRows / b.validRows)
          : 0
        : 1;
  return {
    id: b.id,
    kind: b.kind as ImportBatch['kind'],
    communityId: b.communityId,
    fileName: b.fileName,
    status: b.status as ImportBatch['status'],
    mode: b.mode as ImportBatch['mode'],
    totalRows: b.totalRows,
    validRows: b.validRows,
    errorRows: b.errorRows,
    warningCount: Number(b.warningCount ?? 0),
    processedRows: b.processedRows,
    committedRows: b.committedRows,
    // While validating the row total is unknown until the end; the web app shows processedRows as it grows.
    progress: progress ?? 0,
    failure: b.failure,
    createdAt: iso(b.createdAt)!,
    finishedAt: iso(b.finishedAt),
  };
}
