import { z } from 'zod';
import { CaseChannelSchema, CaseUrgencySchema } from './cases.ts';
import { YearMonth } from './common.ts';
import { defineRoute } from './route.ts';

export const CASE_STATS_LIMITS = {
  /** Longest period one dashboard or export covers. */
  monthsMax: 36,
  /** Children shown per node; below that level use drill-down. */
  childrenMax: 500,
} as const;

/** Statistics are kept per month of receipt (统计周期 = 月, 季, 年 are month ranges). */
export const CaseStatsQuerySchema = z.object({
  /** Defaults to the highest node the caller may see statistics for. */
  nodeId: z.uuid('节点编号格式不正确').optional(),
  from: YearMonth,
  to: YearMonth,
  categoryCode: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,40}$/, '类别编码格式不正确')
    .optional(),
});
export type CaseStatsQuery = z.infer<typeof CaseStatsQuerySchema>;

/**
 * Figures of one node's subtree over the period, by month of receipt. Rates are fractions 0…1, `null` when
 * their denominator is 0; definitions in apps/server/src/modules/case-stats/rates.ts.
 */
export const CaseNodeStatsSchema = z.object({
  received: z.number().int(),
  withdrawn: z.number().int(),
  open: z.number().int(),
  openOverdue: z.number().int(),
  closed: z.number().int(),
  /** 响应率 */
  responseRate: z.number().nullable(),
  /** 解决率 */
  resolutionRate: z.number().nullable(),
  /** 满意率 */
  satisfactionRate: z.number().nullable(),
  /** 综合得分, 0…100 */
  compositeScore: z.number().nullable(),
  /** 按期办结率 */
  onTimeRate: z.number().nullable(),
  /** 就地解决率 */
  localRate: z.number().nullable(),
  /** 回复率 */
  replyRate: z.number().nullable(),
  /** 返工率 */
  reworkRate: z.number().nullable(),
  avgHandlingHours: z.number().nullable(),
  p90HandlingHours: z.number().nullable(),
});
export type CaseNodeStats = z.infer<typeof CaseNodeStatsSchema>;

export const CaseStatsNodeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  level: z.string(),
});

export const CaseStatsWeightsSchema = z.object({
  response: z.number().int().min(0).max(100),
  resolution: z.number().int().min(0).max(100),
  satisfaction: z.number().int().min(0).max(100),
  /** Share of 基本满意 counted as satisfied (domain §3.3 k), 0…1. */
  basicSatisfiedFactor: z.number().min(0).max(1),
});
export type CaseStatsWeights = z.infer<typeof CaseStatsWeightsSchema>;

export const CaseDashboardSchema = z.object({
  node: CaseStatsNodeSchema,
  /** From the highest node the caller may see down to the node's parent, for the way back up. */
  breadcrumb: z.array(CaseStatsNodeSchema),
  from: YearMonth,
  to: YearMonth,
  categoryCode: z.string().nullable(),
  weights: CaseStatsWeightsSchema,
  totals: CaseNodeStatsSchema,
  children: z.array(CaseStatsNodeSchema.extend({ hasChildren: z.boolean(), stats: CaseNodeStatsSchema })),
  byChannel: z.array(z.object({ channel: CaseChannelSchema, label: z.string(), count: z.number().int() })),
  byUrgency: z.array(z.object({ urgency: CaseUrgencySchema, label: z.string(), count: z.number().int() })),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  /** One entry per month of the period. */
  trend: z.array(z.object({ month: YearMonth, received: z.number().int(), closed: z.number().int() })),
});
export type CaseDashboard = z.infer<typeof CaseDashboardSchema>;

export const getCaseDashboard = defineRoute({
  operationId: 'getCaseDashboard',
  method: 'GET',
  path: '/api/v1/case-stats/dashboard',
  summary: '诉求统计：本节点及下级的受理量、三率、综合得分、按期办结率等（按受理月份）',
  tags: ['case-stats'],
  query: CaseStatsQuerySchema,
  response: CaseDashboardSchema,
});

export const getCaseStatsWeights = defineRoute({
  operationId: 'getCaseStatsWeights',
  method: 'GET',
  path: '/api/v1/case-stats/weights',
  summary: '综合得分权重（本区县）',
  tags: ['case-stats'],
  response: CaseStatsWeightsSchema,
});

export const UpdateCaseStatsWeightsBodySchema = CaseStatsWeightsSchema.refine(
  (w) => w.response + w.resolution + w.satisfaction === 100,
  { message: '响应率、解决率、满意率的权重之和应为 100', path: ['response'] },
);

export const updateCaseStatsWeights = defineRoute({
  operationId: 'updateCaseStatsWeights',
  method: 'PUT',
  path: '/api/v1/case-stats/weights',
  summary: '设置综合得分权重（区县管理员）',
  tags: ['case-stats'],
  body: UpdateCaseStatsWeightsBodySchema,
  response: CaseStatsWeightsSchema,
});

export const CaseLedgerQuerySchema = CaseStatsQuerySchema.pick({
  from: true,
  to: true,
  categoryCode: true,
}).extend({
  nodeId: z.uuid('节点编号格式不正确'),
});
export type CaseLedgerQuery = z.infer<typeof CaseLedgerQuerySchema>;

export const exportCaseLedger = defineRoute({
  operationId: 'exportCaseLedger',
  method: 'GET',
  path: '/api/v1/case-stats/ledger.xlsx',
  summary: '导出诉求台账（联系电话已脱敏，记入审计）',
  tags: ['case-stats'],
  query: CaseLedgerQuerySchema,
  response: z
    .unknown()
    .describe('xlsx 文件（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）'),
});
