import { z } from 'zod';
import { OkSchema, pageOf } from './common.ts';
import { defineRoute } from './route.ts';

/** The two ledgers (台账) that can be imported and exported as xlsx. */
export const LedgerKind = z.enum(['residents', 'chiefs']);
export type LedgerKind = z.infer<typeof LedgerKind>;

export const ImportStatus = z.enum([
  'validating',
  'validated',
  'committing',
  'committed',
  'failed',
  'cancelled',
]);
export const ImportMode = z.enum(['all_or_nothing', 'valid_only']);
export type ImportMode = z.infer<typeof ImportMode>;

/** Largest workbook an import accepts. */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;

export const ImportBatchSchema = z.object({
  id: z.uuid(),
  kind: LedgerKind,
  communityId: z.uuid(),
  fileName: z.string(),
  status: ImportStatus,
  mode: ImportMode.nullable(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  warningCount: z.number().int(),
  processedRows: z.number().int(),
  committedRows: z.number().int(),
  /** 0–1: validation progress while validating, commit progress while committing. */
  progress: z.number(),
  failure: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportBatch = z.infer<typeof ImportBatchSchema>;

export const ImportIssueSchema = z.object({
  rowNo: z.number().int(),
  column: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const ImportPreviewSchema = z.object({
  headers: z.array(z.string()).max(40),
  rows: z
    .array(z.object({ rowNo: z.number().int(), isValid: z.boolean(), cells: z.array(z.string()).max(40) }))
    .max(20),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

const BatchParams = z.object({ id: z.uuid() });
const XlsxFile = z
  .unknown()
  .describe('xlsx 文件（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）');

function templateRoute(kind: LedgerKind, operationId: string, title: string) {
  return defineRoute({
    operationId,
    method: 'GET',
    path: `/api/v1/ledgers/templates/${kind}.xlsx`,
    summary: `下载${title}导入模板`,
    tags: ['ledgers'],
    response: XlsxFile,
  });
}

export const downloadResidentsTemplate = templateRoute(
  'residents',
  'downloadResidentsTemplate',
  '居民花名册',
);
export const downloadChiefsTemplate = templateRoute(
  'chiefs',
  'downloadChiefsTemplate',
  '户长/邻长/组长/片长花名册',
);

/** multipart/form-data fields: file (xlsx, ≤ 30 MB), kind, communityId. */
export const ImportUploadFieldsSchema = z.object({ kind: LedgerKind, communityId: z.uuid() });

export const createImport = defineRoute({
  operationId: 'createImport',
  method: 'POST',
  path: '/api/v1/ledgers/imports',
  summary: '上传台账（multipart：file, kind, communityId），在后台校验',
  tags: ['ledgers'],
  response: ImportBatchSchema,
});

export const getImport = defineRoute({
  operationId: 'getImport',
  method: 'GET',
  path: '/api/v1/ledgers/imports/:id',
  summary: '导入批次的状态、计数与进度',
  tags: ['ledgers'],
  params: BatchParams,
  response: ImportBatchSchema,
});

export const listImportIssues = defineRoute({
  operationId: 'listImportIssues',
  method: 'GET',
  path: '/api/v1/ledgers/imports/:id/issues',
  summary: '导入批次的逐行问题（行号、列名、说明）',
  tags: ['ledgers'],
  params: BatchParams,
  query: z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional(),
  }),
  response: pageOf(ImportIssueSchema),
});

export const previewImport = defineRoute({
  operationId: 'previewImport',
  method: 'GET',
  path: '/api/v1/ledgers/imports/:id/preview',
  summary: '预览前 20 行将要保存的内容（已脱敏）',
  tags: ['ledgers'],
  params: BatchParams,
  response: ImportPreviewSchema,
});

export const commitImport = defineRoute({
  operationId: 'commitImport',
  method: 'POST',
  path: '/api/v1/ledgers/imports/:id/commit',
  summary: '提交导入：全部成功才写入，或只写入无误的行',
  tags: ['ledgers'],
  params: BatchParams,
  body: z.object({ mode: ImportMode }),
  response: ImportBatchSchema,
});

export const cancelImport = defineRoute({
  operationId: 'cancelImport',
  method: 'POST',
  path: '/api/v1/ledgers/imports/:id/cancel',
  summary: '取消导入并删除上传的文件',
  tags: ['ledgers'],
  params: BatchParams,
  response: OkSchema,
});

export const ExportQuerySchema = z.object({ nodeId: z.uuid() });

export const UnmaskedExportBodySchema = z.object({
  nodeId: z.uuid(),
  unmasked: z.literal(true),
  reason: z.string().trim().min(5, '导出原因至少 5 个字').max(200, '导出原因不能超过 200 个字'),
});

function exportRoutes(kind: LedgerKind, name: string, title: string) {
  return {
    masked: defineRoute({
      operationId: `export${name}`,
      method: 'GET',
      path: `/api/v1/ledgers/exports/${kind}.xlsx`,
      summary: `导出${title}（身份证号、电话已脱敏）`,
      tags: ['ledgers'],
      query: ExportQuerySchema,
      response: XlsxFile,
    }),
    unmasked: defineRoute({
      operationId: `export${name}Unmasked`,
      method: 'POST',
      path: `/api/v1/ledgers/exports/${kind}`,
      summary: `导出未脱敏${title}（需填写原因，记入审计）`,
      tags: ['ledgers'],
      body: UnmaskedExportBodySchema,
      response: XlsxFile,
    }),
  };
}

export const exportResidents = exportRoutes('residents', 'Residents', '居民花名册');
export const exportChiefs = exportRoutes('chiefs', 'Chiefs', '户长/邻长/组长/片长花名册');
