import { randomUUID } from 'node:crypto';
import type { SubmitCaseBody } from '@gongzhi/contract/cases';
import { OPEN311_LIMITS } from '@gongzhi/contract/open311';
import type { AuditContext } from '../../platform/audit/audit-log.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { submitCase } from '../cases/index.ts';
import * as repo from './open311.repository.ts';
import {
  HOTLINE_ACTOR_PREFIX,
  type Params,
  resolveJurisdiction,
  servicesOf,
  sha256,
} from './open311.service.ts';
import type { Open311Doc } from './open311-format.ts';
import { createRateLimiter } from './rate-limiter.ts';

const limiter = createRateLimiter(OPEN311_LIMITS.postsPerMinute, 60_000);

const denied = (message: string) => new AppError('FORBIDDEN', message);

function text(p: Params, name: string, max: number): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(name, `${name} 只能填写一次`);
  const t = String(v).trim();
  if (t.length > max) throw invalid(name, `${name} 不能超过 ${max} 个字`);
  return t === '' ? undefined : t;
}

function coordinate(p: Params, name: 'lat' | 'long', limit: number): number | undefined {
  const raw = text(p, name, 30);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || Math.abs(n) > limit)
    throw invalid(name, `${name} 应为 -${limit} 到 ${limit} 之间的数`);
  return n;
}

/** The key names its district (`<district>.<random>`); only that district's key hashes are searched. */
async function authenticate(deps: AppDeps, p: Params, meta: { requestId: string; ip: string }) {
  const key = text(p, 'api_key', 200);
  if (!key) throw denied('api_key 缺失：提交诉求需要区县签发的 api_key');
  const districtId = /^(\d{6})\./.exec(key)?.[1];
  const row = districtId ? await repo.findApiKeyByHash(deps.db, districtId, sha256(key)) : undefined;
  if (!districtId || !row) throw denied('api_key 无效');
  const audit: AuditContext = {
    districtId,
    userId: row.userId,
    actorName: `${HOTLINE_ACTOR_PREFIX}${row.name}`,
    requestId: meta.requestId,
    ip: meta.ip,
  };
  if (row.revokedAt) {
    await recordAudit(deps.db, audit, {
      action: 'open311.request.create',
      entityType: 'open311_api_key',
      entityId: row.id,
      outcome: 'denied',
      reason: 'api_key 已吊销',
      detail: { apiKeyId: row.id, apiKeyName: row.name },
    });
    throw denied('api_key 已吊销');
  }
  return { districtId, key: row, audit };
}

/**
 * POST requests: a 12345 ticket becomes a case (channel hotline_12345) in the community its address names;
 * the answer carries our case number as service_request_id.
 * @throws FORBIDDEN for a missing, unknown or revoked api_key, or one of another jurisdiction
 * @throws VALIDATION_FAILED naming the field; NOT_FOUND for an unknown service_code or jurisdiction_id
 * @throws RATE_LIMITED past the per-key limit
 */
export async function postRequest(
  deps: AppDeps,
  p: Params,
  meta: { requestId: string; ip: string },
): Promise<Open311Doc> {
  const { db } = deps;
  const { districtId, key, audit } = await authenticate(deps, p, meta);
  // The key already names its district; a jurisdiction_id, when given, must be that one.
  const jurisdiction = text(p, 'jurisdiction_id', 20);
  if (jurisdiction !== undefined && (await resolveJurisdiction(db, p)) !== districtId)
    throw denied(`此 api_key 不能向 jurisdiction_id ${jurisdiction} 提交`);
  if (!limiter.take(key.id))
    throw new AppError(
      'RATE_LIMITED',
      `提交过于频繁：每个 api_key 每分钟最多 ${OPEN311_LIMITS.postsPerMinute} 件`,
    );

  const serviceCode = text(p, 'service_code', 40);
  if (!serviceCode) throw invalid('service_code', 'service_code 必填：请填写诉求类别代码（见 services）');
  const description = text(p, 'description', OPEN311_LIMITS.descriptionMax);
  if (!description) throw invalid('description', 'description 必填：请描述诉求内容');
  const address = text(p, 'address_string', OPEN311_LIMITS.addressMax);
  const lat = coordinate(p, 'lat', 90);
  const long = coordinate(p, 'long', 180);
  if ((lat === undefined) !== (long === undefined)) throw invalid('long', 'lat 与 long 需同时提供');
  if (!address && lat === undefined)
    throw invalid('address_string', 'address_string 或 lat/long 必填：请提供诉求地址');
  const name = [text(p, 'last_name', OPEN311_LIMITS.nameMax), text(p, 'first_name', OPEN311_LIMITS.nameMax)]
    .filter(Boolean)
    .join('');
  const phone = text(p, 'phone', 20);
  if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) throw invalid('phone', 'phone 格式不正确');
  const email = text(p, 'email', 100);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', 'email 格式不正确');

  const services = await servicesOf(db, districtId);
  const category = services.find((s) => s.code === serviceCode);
  if (!category) throw new AppError('NOT_FOUND', `service_code ${serviceCode} 不存在`);
  const place =
    (address ? await repo.locateByAddress(db, districtId, address) : undefined) ??
    (await repo.soleCommunity(db, districtId));
  if (!place) throw invalid('address_string', 'address_string 无法定位到本区县的社区：请写明社区或小区名称');

  const created = await createHotlineCase(deps, {
    districtId,
    audit,
    place,
    body: {
      title: titleOf(description),
      description,
      categoryCode: category.code,
      channel: 'hotline_12345',
      nodeId: place.nodeId,
      contactName: name || null,
      contactPhone: phone ?? null,
      attachmentIds: [],
    },
    origin: {
      apiKeyId: key.id,
      apiKeyName: key.name,
      addressString: address ?? null,
      lat: lat ?? null,
      long: long ?? null,
      emailEnc: email ? deps.crypto.encrypt(email) : null,
    },
  });
  return {
    root: 'service_requests',
    item: 'request',
    value: [
      {
        service_request_id: created.caseNo,
        service_notice: `已转${place.name}办理`,
        account_id: null,
      },
    ],
  };
}

/** Case titles are short; a hotline ticket has only its description. */
function titleOf(description: string): string {
  const line = description.split(/\r?\n/)[0]!.trim();
  return line.length <= 30 ? line : `${line.slice(0, 29)}…`;
}

interface HotlineCase {
  districtId: string;
  audit: AuditContext;
  place: { nodeId: string; communityPath: string };
  body: SubmitCaseBody;
  origin: {
    apiKeyId: string;
    apiKeyName: string;
    addressString: string | null;
    lat: number | null;
    long: number | null;
    emailEnc: Buffer | null;
  };
}

/**
 * Files the case through the cases module as a proxy intake by the key's account, acting like a 网格员 of the
 * community (the least position allowed to report a place), then records where it came from.
 */
async function createHotlineCase(deps: AppDeps, input: HotlineCase): Promise<{ caseNo: string }> {
  const { districtId, audit, origin } = input;
  const ctx: RequestContext = {
    districtId,
    audit,
    actor: {
      userId: audit.userId!,
      username: 'open311',
      displayName: audit.actorName,
      isSuperuser: false,
      districtId,
      positions: [
        {
          id: randomUUID(),
          kind: 'grid_worker',
          nodeId: input.place.nodeId,
          nodePath: input.place.communityPath,
        },
      ],
    },
  };
  const created = await submitCase(deps, ctx, input.body, undefined);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertRequestOrigin(trx, {
      districtId,
      caseId: created.id,
      apiKeyId: origin.apiKeyId,
      addressString: origin.addressString,
      lat: origin.lat,
      long: origin.long,
      emailEnc: origin.emailEnc,
    });
    await recordAudit(trx, audit, {
      action: 'open311.request.create',
      entityType: 'case',
      entityId: created.id,
      detail: {
        apiKeyId: origin.apiKeyId,
        apiKeyName: origin.apiKeyName,
        caseNo: created.caseNo,
        serviceCode: input.body.categoryCode,
      },
    });
  });
  return created;
}
