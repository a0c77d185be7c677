import { z } from 'zod';
import { Password, SessionSchema, Username } from './identity.ts';
import { defineRoute } from './route.ts';

export const DivisionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  fullName: z.string(),
});
export type Division = z.infer<typeof DivisionSchema>;

export const getSetupStatus = defineRoute({
  operationId: 'getSetupStatus',
  method: 'GET',
  path: '/api/v1/setup',
  summary: '是否已完成首次设置',
  tags: ['setup'],
  response: z.object({ isSetupDone: z.boolean(), divisionsReady: z.boolean() }),
  isPublic: true,
});

export const searchDivisions = defineRoute({
  operationId: 'searchDivisions',
  method: 'GET',
  path: '/api/v1/divisions',
  summary: '按名称或代码搜索全国统计用区划（社区/村一级）',
  tags: ['setup'],
  query: z.object({
    q: z.string().trim().min(1, '请输入名称或代码').max(30),
    level: z.coerce.number().int().min(1).max(5).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
  response: z.object({ items: z.array(DivisionSchema) }),
  isPublic: true,
});

export const CompleteSetupBodySchema = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(50),
  password: Password,
  communityCode: z.string().regex(/^\d{12}$/, '请选择一个社区或村（12 位区划代码）'),
});

export const completeSetup = defineRoute({
  operationId: 'completeSetup',
  method: 'POST',
  path: '/api/v1/setup',
  summary: '首次设置：创建管理员并选择社区',
  tags: ['setup'],
  body: CompleteSetupBodySchema,
  response: SessionSchema,
  isPublic: true,
});

export const loadDemo = defineRoute({
  operationId: 'loadDemo',
  method: 'POST',
  path: '/api/v1/setup/demo',
  summary: '载入演示数据（五个种子社区）',
  tags: ['setup'],
  response: z.object({ username: z.string(), password: z.string() }),
  isPublic: true,
});
