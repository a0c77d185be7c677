import { z } from 'zod';
import { OkSchema } from './common.ts';
import { defineRoute } from './route.ts';

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{2,64}$/, '用户名为 2–64 位字母、数字或 _ . @ -');
export const Password = z.string().min(8, '密码至少 8 位').max(128);

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
  displayName: z.string().trim().min(1).max(50),
  password: Password,
});

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  createdAt: z.string(),
});

export const createUser = defineRoute({
  operationId: 'createUser',
  method: 'POST',
  path: '/api/v1/users',
  summary: '创建账号（之后可在组织架构中授予职务）',
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
