import { z } from 'zod';
import { IsoDate, Uuid } from './common.ts';
import { defineRoute } from './route.ts';

/** The levels a community builds itself below its official node, top to bottom. */
export const LOCAL_LEVELS = [
  'natural_village',
  'area',
  'grid',
  'resident_group',
  'estate',
  'building_cluster',
  'building',
  'unit',
  'dwelling',
] as const;
/** Canonical order of territory levels, top to bottom; district, 街道 and community carry official codes. */
export const TERRITORY_LEVELS = ['district', 'subdistrict', 'community', ...LOCAL_LEVELS] as const;
export const TerritoryLevelSchema = z.enum(TERRITORY_LEVELS);
export type TerritoryLevel = z.infer<typeof TerritoryLevelSchema>;
export const LocalLevelSchema = z.enum(
  LOCAL_LEVELS,
  '层级不正确：社区以下只能是自然村、片区、网格、居民小组、小区、楼片、楼栋、单元或户室',
);

export const NodeName = z.string().trim().min(1, '名称不能为空').max(100, '名称不能超过 100 个字');

export const SubtreeCountsSchema = z.object({
  /** Active households at the node or anywhere below it. */
  households: z.number().int(),
  /** Active residents of those households. */
  residents: z.number().int(),
  /** Active chief positions (邻长, 户长, 组长, 片长, 网格员, 网格长, 楼栋长, 小组长) in the subtree. */
  chiefs: z.number().int(),
});

export const TerritoryNodeSchema = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  level: TerritoryLevelSchema,
  levelName: z.string(),
  code: z.string(),
  name: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  isActive: z.boolean(),
  /** Active direct children: lets a tree widget show or hide the expand arrow. */
  childCount: z.number().int(),
  counts: SubtreeCountsSchema,
});
export type TerritoryNode = z.infer<typeof TerritoryNodeSchema>;

export const NodeRefSchema = z.object({
  id: Uuid,
  level: TerritoryLevelSchema,
  name: z.string(),
  /** False for ancestors above the caller's scope: shown in the breadcrumb, not clickable. */
  isInScope: z.boolean(),
});

/** Lists of children are capped; `isTruncated` says more exist (a building rarely has more than 1,000 rooms). */
export const MAX_CHILDREN = 1000;
export const NodeListSchema = z.object({ items: z.array(TerritoryNodeSchema), isTruncated: z.boolean() });

const NodeParams = z.object({ id: Uuid });
const IncludeRetired = z.object({
  includeRetired: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const listTerritoryRoots = defineRoute({
  operationId: 'listTerritoryRoots',
  method: 'GET',
  path: '/api/v1/territory/roots',
  summary: '我可查看的辖区根节点（含户数、人数、各类长人数）',
  tags: ['territory'],
  query: IncludeRetired,
  response: NodeListSchema,
});

export const listTerritoryChildren = defineRoute({
  operationId: 'listTerritoryChildren',
  method: 'GET',
  path: '/api/v1/territory/nodes/:id/children',
  summary: '下级节点（树形逐级加载）',
  tags: ['territory'],
  params: NodeParams,
  query: IncludeRetired,
  response: NodeListSchema,
});

export const getTerritoryNode = defineRoute({
  operationId: 'getTerritoryNode',
  method: 'GET',
  path: '/api/v1/territory/nodes/:id',
  summary: '节点详情及上级路径',
  tags: ['territory'],
  params: NodeParams,
  response: z.object({ node: TerritoryNodeSchema, ancestors: z.array(NodeRefSchema) }),
});

export const NodeHitSchema = z.object({
  id: Uuid,
  level: TerritoryLevelSchema,
  code: z.string(),
  name: z.string(),
  /** Names from the community down to the node, e.g. `五里堆社区居委会 / 第一片区 / 3组`. */
  fullName: z.string(),
  isActive: z.boolean(),
});

export const searchTerritoryNodes = defineRoute({
  operationId: 'searchTerritoryNodes',
  method: 'GET',
  path: '/api/v1/territory/nodes',
  summary: '按名称搜索节点（选择器用）',
  tags: ['territory'],
  query: z
    .object({
      q: z.string().trim().min(1, '请输入名称').max(50),
      level: TerritoryLevelSchema.optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    })
    .extend(IncludeRetired.shape),
  response: z.object({ items: z.array(NodeHitSchema) }),
});

export const createTerritoryNode = defineRoute({
  operationId: 'createTerritoryNode',
  method: 'POST',
  path: '/api/v1/territory/nodes',
  summary: '新建下级节点（片区、居民小组、小区、楼栋、单元、户室等）',
  tags: ['territory'],
  body: z.object({ parentId: Uuid, level: LocalLevelSchema, name: NodeName, validFrom: IsoDate.optional() }),
  response: TerritoryNodeSchema,
});

export const renameTerritoryNode = defineRoute({
  operationId: 'renameTerritoryNode',
  method: 'PATCH',
  path: '/api/v1/territory/nodes/:id',
  summary: '重命名节点',
  tags: ['territory'],
  params: NodeParams,
  body: z.object({ name: NodeName }),
  response: TerritoryNodeSchema,
});

export const moveTerritoryNode = defineRoute({
  operationId: 'moveTerritoryNode',
  method: 'POST',
  path: '/api/v1/territory/nodes/:id/move',
  summary: '调整上级节点（同一社区内）',
  tags: ['territory'],
  params: NodeParams,
  body: z.object({ parentId: Uuid }),
  response: TerritoryNodeSchema,
});

export const retireTerritoryNode = defineRoute({
  operationId: 'retireTerritoryNode',
  method: 'POST',
  path: '/api/v1/territory/nodes/:id/retire',
  summary: '撤销节点（须先撤销或迁出下级节点和住户）',
  tags: ['territory'],
  params: NodeParams,
  response: TerritoryNodeSchema,
});

export const LevelDefSchema = z.object({
  level: LocalLevelSchema,
  name: z.string().trim().min(1, '层级名称不能为空').max(20, '层级名称不能超过 20 个字'),
  isUsed: z.boolean(),
});

const Households = z.number().int().min(0).max(100_000).nullable();
export const SpanRuleSchema = z
  .object({
    positionKind: z.string().trim().min(1).max(30),
    minHouseholds: Households,
    maxHouseholds: Households,
    targetHouseholds: Households,
  })
  .superRefine((s, ctx) => {
    const { minHouseholds: min, targetHouseholds: target, maxHouseholds: max } = s;
    if (min !== null && max !== null && min > max) {
      ctx.addIssue({ code: 'custom', path: ['maxHouseholds'], message: '最多户数不能小于最少户数' });
    }
    if (target !== null && min !== null && target < min) {
      ctx.addIssue({ code: 'custom', path: ['targetHouseholds'], message: '目标户数不能小于最少户数' });
    }
    if (target !== null && max !== null && target > max) {
      ctx.addIssue({ code: 'custom', path: ['targetHouseholds'], message: '目标户数不能大于最多户数' });
    }
  });

export const LevelTemplateSchema = z
  .object({
    levels: z.array(LevelDefSchema).min(1).max(LOCAL_LEVELS.length),
    spans: z.array(SpanRuleSchema).max(30),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.levels.forEach((l, i) => {
      if (seen.has(l.level))
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'level'], message: `层级 ${l.level} 重复` });
      seen.add(l.level);
    });
    const kinds = new Set<string>();
    t.spans.forEach((s, i) => {
      if (kinds.has(s.positionKind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spans', i, 'positionKind'],
          message: `职务 ${s.positionKind} 的联户规则重复`,
        });
      }
      kinds.add(s.positionKind);
    });
  });
export type LevelTemplate = z.infer<typeof LevelTemplateSchema>;

const CommunityParams = z.object({ communityId: Uuid });
const LevelTemplateResponse = LevelTemplateSchema.safeExtend({ communityId: Uuid, updatedAt: z.string() });

export const getLevelTemplate = defineRoute({
  operationId: 'getLevelTemplate',
  method: 'GET',
  path: '/api/v1/territory/communities/:communityId/level-template',
  summary: '社区层级模板（层级名称与联户户数规则）',
  tags: ['territory'],
  params: CommunityParams,
  response: LevelTemplateResponse,
});

export const updateLevelTemplate = defineRoute({
  operationId: 'updateLevelTemplate',
  method: 'PUT',
  path: '/api/v1/territory/communities/:communityId/level-template',
  summary: '修改社区层级模板',
  tags: ['territory'],
  params: CommunityParams,
  body: LevelTemplateSchema,
  response: LevelTemplateResponse,
});
