import { z } from 'zod';
import { OkSchema } from './common.ts';
import { defineRoute } from './route.ts';

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{2,64}$/, '用户名为 2–64 位字母、数字或 _ . @ -');
export const Password = z.string().min(8, '密码至少 8 位').max(128, '密码最多 128 位');

export const SessionPositionSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  label: z.string(),
  nodeId: z.uuid(),
  nodeName: z.string(),
});

export const SessionSchema = z.object({
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), isSuperuser: z.boolean() }),
  district: z.object({ id: z.string(), name: z.string() }).nullable(),
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
  positions: z.array(SessionPositionSchema),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export const LoginBodySchema = z.object({ username: Username, password: z.string().min(1).max(128) });

export const login = defineRoute({
  operationId: 'login',
  method: 'POST',
  path: '/api/v1/session',
  summary: '登录',
  tags: ['identity'],
  body: LoginBodySchema,
  response: SessionSchema,
  isPublic: true,
});

export const getSession = defineRoute({
  operationId: 'getSession',
  method: 'GET',
  path: '/api/v1/session',
  summary: '当前会话',
  tags: ['identity'],
  response: SessionSchema,
});

export const logout = defineRoute({
  operationId: 'logout',
  method: 'DELETE',
  path: '/api/v1/session',
  summary: '退出登录',
  tags: ['identity'],
  response: OkSchema,
});

export const switchDistrict = defineRoute({
  operationId: 'switchDistrict',
  method: 'PUT',
  path: '/api/v1/session/district',
  summary: '切换区县',
  tags: ['identity'],
  body: z.object({ districtId: z.string().regex(/^\d{6}$/) }),
  response: SessionSchema,
});

export const CreateUserBodySchema = z.object({
  username: Username,
  displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 字'),
  password: Password,
  /** A 居民账号: the login reports as this resident of the registry (one account per resident). */
  residentId: z.uuid('请选择户籍中的居民').optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

/**
 * staff: holds or held a position in the district; resident: linked to a resident of the registry; external:
 * neither (物业、维修师傅 and other case handlers, or staff not yet given a position).
 */
export const ACCOUNT_KINDS = ['staff', 'resident', 'external'] as const;
export const AccountKindSchema = z.enum(ACCOUNT_KINDS);
export type AccountKind = z.infer<typeof AccountKindSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  kind: AccountKindSchema,
  resident: z
    .object({ id: z.uuid(), name: z.string(), householdId: z.uuid(), householdNo: z.string() })
    .nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const createUser = defineRoute({
  operationId: 'createUser',
  method: 'POST',
  path: '/api/v1/users',
  summary: '创建账号：工作人员或外部办理人（职务在组织架构中授予），或关联户籍居民的居民账号',
  tags: ['identity'],
  body: CreateUserBodySchema,
  response: UserSchema,
});

export const listUsers = defineRoute({
  operationId: 'listUsers',
  method: 'GET',
  path: '/api/v1/users',
  summary: '本区县的账号',
  tags: ['identity'],
  query: z.object({ q: z.string().max(50).optional() }),
  response: z.object({ items: z.array(UserSchema) }),
});

export const resetPassword = defineRoute({
  operationId: 'resetPassword',
  method: 'POST',
  path: '/api/v1/users/:id/password',
  summary: '管理员重置账号密码',
  tags: ['identity'],
  params: z.object({ id: z.uuid() }),
  body: z.object({ password: Password }),
  response: OkSchema,
});
