export { ledgersRoutes } from './ledgers.routes.ts';
export {
  commitImport,
  exportLedger,
  getImport,
  listImportIssues,
  recoverInterruptedImports,
  startImport,
  uploadTarget,
} from './ledgers.service.ts';
