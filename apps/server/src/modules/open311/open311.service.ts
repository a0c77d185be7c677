import { createHash, randomBytes } from 'node:crypto';
import { FINAL_CASE_STATES } from '@gongzhi/contract/cases';
import type { CreateOpen311ApiKeyBody, Open311ApiKey } from '@gongzhi/contract/open311';
import { OPEN311_LIMITS } from '@gongzhi/contract/open311';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { ensureCategories } from '../cases/index.ts';
import { insertUser } from '../identity/index.ts';
import { requireManageKeys } from './open311.policy.ts';
import { presentApiKey, presentRequest, presentService } from './open311.presenter.ts';
import * as repo from './open311.repository.ts';
import type { Open311Doc } from './open311-format.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** How hotline submissions name their actor in timelines and the audit log. */
export const HOTLINE_ACTOR_PREFIX = '12345 接口：';

// ---- API keys (administrators, with a session) ----

/**
 * Issues a key for the caller's district, with its own login-less account that hotline cases name as submitter.
 * The secret is `<district>.<random>` so a presented key names the district whose keys to look in; only its
 * sha256 is stored, and the secret is returned this once.
 * @throws FORBIDDEN without open311.manage
 */
export async function createApiKey(
  db: Database,
  ctx: RequestContext,
  body: CreateOpen311ApiKeyBody,
): Promise<Open311ApiKey & { secret: string }> {
  requireManageKeys(ctx.actor);
  const secret = `${ctx.districtId}.${randomBytes(24).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    // No argon2 hash equals '!', so nobody can log in as the key's account; with no home district and no
    // position it belongs to no district's user list either.
    const account = await insertUser(trx, {
      username: `open311-${randomBytes(6).toString('hex')}`,
      displayName: `${HOTLINE_ACTOR_PREFIX}${body.name}`,
      passwordHash: '!',
      homeDistrictId: null,
    });
    const row = await repo.insertApiKey(trx, {
      userId: account.id,
      districtId: ctx.districtId,
      name: body.name,
      keyHash: sha256(secret),
      keyHint: secret.slice(-4),
      createdBy: ctx.actor.userId,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'open311.api_key.create',
      entityType: 'open311_api_key',
      entityId: row.id,
      detail: { name: row.name },
    });
    return { ...presentApiKey({ ...row, createdByName: ctx.actor.displayName }), secret };
  });
}

/**
 * The district's keys, newest first, masked.
 * @throws FORBIDDEN without open311.manage
 */
export async function listApiKeys(db: Database, ctx: RequestContext): Promise<{ items: Open311ApiKey[] }> {
  requireManageKeys(ctx.actor);
  const rows = await repo.listApiKeys(db, ctx.districtId);
  return { items: rows.map(presentApiKey) };
}

/**
 * Revokes a key at once; revoking a revoked key is a conflict.
 * @throws FORBIDDEN without open311.manage
 * @throws NOT_FOUND for another district's key
 * @throws CONFLICT when already revoked
 */
export async function revokeApiKey(db: Database, ctx: RequestContext, id: string): Promise<Open311ApiKey> {
  requireManageKeys(ctx.actor);
  return db.transaction().execute(async (trx) => {
    const before = await repo.findApiKey(trx, ctx.districtId, id);
    if (!before) throw notFound('对接密钥');
    if (before.revokedAt) throw new AppError('CONFLICT', `密钥“${before.name}”已于此前吊销`);
    await repo.markApiKeyRevoked(trx, ctx.districtId, id);
    await recordAudit(trx, ctx.audit, {
      action: 'open311.api_key.revoke',
      entityType: 'open311_api_key',
      entityId: id,
      detail: { name: before.name },
    });
    return presentApiKey((await repo.findApiKey(trx, ctx.districtId, id))!);
  });
}

// ---- public GeoReport v2 ----

/** Raw query or form values: one string each; repeated parameters are refused. */
export type Params = Record<string, unknown>;

function param(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw invalid(name, `${name} 只能填写一次`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

/**
 * `jurisdiction_id` is the district code. It may be left out only while the server hosts a single district.
 * @throws NOT_FOUND for an unknown district, VALIDATION_FAILED when missing but needed
 */
export async function resolveJurisdiction(db: Database, p: Params): Promise<string> {
  const given = param(p, 'jurisdiction_id');
  if (given === undefined) {
    const districts = await repo.someDistricts(db);
    if (districts.length === 1) return districts[0]!.id;
    if (districts.length === 0) throw new AppError('NOT_FOUND', '本平台尚未开通任何区县');
    throw invalid('jurisdiction_id', 'jurisdiction_id 必填：本平台服务多个区县，请填写 6 位区县代码');
  }
  if (!/^\d{6}$/.test(given) || !(await repo.districtExists(db, given)))
    throw new AppError('NOT_FOUND', `jurisdiction_id ${given} 不存在：本平台没有这个区县`);
  return given;
}

export const DISCOVERY_CHANGESET = '2026-11-29T00:00:00+08:00';

/** The service discovery document: one production endpoint, both formats. */
export function discovery(baseUrl: string): Open311Doc {
  return {
    root: 'discovery',
    nested: { endpoints: 'endpoint', formats: 'format' },
    value: {
      changeset: DISCOVERY_CHANGESET,
      contact: '请联系所在区县网格化服务管理中心（共治平台系统管理员）',
      key_service: '由区县系统管理员在共治平台“12345 对接密钥”中签发',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl}/open311/v2`,
          changeset: DISCOVERY_CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    },
  };
}

/** The district's services; a district that never used cases gets the default catalogue first, as cases does. */
export async function servicesOf(db: Database, districtId: string) {
  const rows = await repo.listServiceCategories(db, districtId);
  if (rows.length > 0) return rows;
  await ensureCategories(db, districtId);
  return repo.listServiceCategories(db, districtId);
}

/**
 * Services are the district's case categories (leaves only: a case is filed under a leaf).
 * @throws NOT_FOUND / VALIDATION_FAILED for jurisdiction_id
 */
export async function listServices(db: Database, p: Params): Promise<Open311Doc> {
  const districtId = await resolveJurisdiction(db, p);
  const rows = await servicesOf(db, districtId);
  return { root: 'services', item: 'service', value: rows.map(presentService) };
}

/**
 * A service definition: our categories ask no extra attributes, so the list is empty.
 * @throws NOT_FOUND for an unknown service_code or jurisdiction_id
 */
export async function getServiceDefinition(
  db: Database,
  p: Params,
  serviceCode: string,
): Promise<Open311Doc> {
  const districtId = await resolveJurisdiction(db, p);
  const rows = await servicesOf(db, districtId);
  if (!rows.some((r) => r.code === serviceCode))
    throw new AppError('NOT_FOUND', `service_code ${serviceCode} 不存在`);
  return {
    root: 'service_definition',
    nested: { attributes: 'attribute' },
    value: { service_code: serviceCode, attributes: [] },
  };
}

const DAY_MS = 86_400_000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601; without a zone the time is Asia/Shanghai business time, and a bare date is its midnight. */
function parseDateTime(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  if (!DATE_TIME.test(text))
    throw invalid(name, `${name} 应为 ISO 8601 日期时间，如 2026-11-01T08:00:00+08:00`);
  const withTime = text.length === 10 ? `${text}T00:00:00` : text;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(withTime) ? withTime : `${withTime}+08:00`;
  const d = new Date(zoned);
  if (Number.isNaN(d.getTime())) throw invalid(name, `${name} 不是有效的日期时间`);
  return d;
}

const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * GET requests: by `service_request_id` (comma list; other filters ignored, as the spec says), or by
 * service_code, status and a requested_datetime window of at most 90 days (the last 90 days by default),
 * newest first, at most 1000.
 * @throws VALIDATION_FAILED naming the parameter; NOT_FOUND for jurisdiction_id
 */
export async function listRequests(db: Database, p: Params): Promise<Open311Doc> {
  const districtId = await resolveJurisdiction(db, p);
  const ids = list(param(p, 'service_request_id'));
  const doc = (rows: repo.RequestRow[]) => ({
    root: 'service_requests',
    item: 'request',
    value: rows.map(presentRequest),
  });
  if (ids?.length) {
    if (ids.length > 100) throw invalid('service_request_id', 'service_request_id 一次最多 100 个');
    return doc(await repo.listRequestRows(db, districtId, { caseNos: ids, limit: 100 }, FINAL_CASE_STATES));
  }
  const status = param(p, 'status');
  const statuses = list(status) ?? [];
  if (statuses.some((s) => s !== 'open' && s !== 'closed'))
    throw invalid('status', 'status 只能是 open 或 closed');
  const windowMs = OPEN311_LIMITS.windowDays * DAY_MS;
  let from = parseDateTime('start_date', param(p, 'start_date'));
  let to = parseDateTime('end_date', param(p, 'end_date'));
  if (from && to && to < from) throw invalid('end_date', 'end_date 不能早于 start_date');
  if (from && to && to.getTime() - from.getTime() > windowMs)
    throw invalid('end_date', `start_date 与 end_date 之间不能超过 ${OPEN311_LIMITS.windowDays} 天`);
  if (!from && !to) to = new Date();
  if (!from) from = new Date(to!.getTime() - windowMs);
  if (!to) to = new Date(from.getTime() + windowMs);
  const rows = await repo.listRequestRows(
    db,
    districtId,
    {
      serviceCodes: list(param(p, 'service_code')),
      // Both statuses asked for is the same as no filter.
      status: statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : undefined,
      from,
      to,
      limit: OPEN311_LIMITS.maxRequests,
    },
    FINAL_CASE_STATES,
  );
  return doc(rows);
}

/**
 * GET requests/{id}: one case by its number, as a one-item list (the spec's shape).
 * @throws NOT_FOUND for a number not in this jurisdiction
 */
export async function getRequest(db: Database, p: Params, caseNo: string): Promise<Open311Doc> {
  const districtId = await resolveJurisdiction(db, p);
  const rows = await repo.listRequestRows(db, districtId, { caseNos: [caseNo], limit: 1 }, FINAL_CASE_STATES);
  if (rows.length === 0) throw new AppError('NOT_FOUND', `service_request_id ${caseNo} 不存在`);
  return { root: 'service_requests', item: 'request', value: rows.map(presentRequest) };
}
