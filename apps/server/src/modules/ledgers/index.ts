export { ledgersRoutes } from './ledgers.routes.ts';
export {
  cancelImport,
  commitImport,
  exportLedger,
  getImport,
  listImportIssues,
  recoverInterruptedImports,
  startImport,
  uploadTarget,
} from './ledgers.service.ts';
