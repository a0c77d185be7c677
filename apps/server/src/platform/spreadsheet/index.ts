export { type ColumnSpec, type HeaderLayout, isHintRow, locateHeader, normaliseHeader } from './header.ts';
export {
  type CellValue,
  cellDate,
  cellText,
  checkXlsxSignature,
  isLostDigits,
  readSheetRows,
  type SheetRow,
  SpreadsheetRejected,
} from './xlsx-reader.ts';
export { createSheetWriter, type SheetWriter } from './xlsx-writer.ts';

/** One problem in one cell (or row) of an uploaded sheet, as shown to the person who uploaded it. */
export interface RowIssue {
  rowNo: number;
  column: string;
  message: string;
  severity: 'error' | 'warning';
}
