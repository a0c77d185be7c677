import type {
  CaseCategorySetting,
  CaseCategorySettings,
  CaseLimits,
  CaseUrgency,
  CreateCaseCategoryBody,
  SetCaseLimitOverrideBody,
  UpdateCaseCategoryBody,
} from '@gongzhi/contract/cases';
import { canAtNode, isWithin, scopeOf } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { ClockUnit, Duration } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { ensureCategories } from './case-categories.ts';
import * as repo from './case-settings.repository.ts';

type Deps = Pick<AppDeps, 'db'>;

/** A category as a new case in one community sees it: the community's override first, else the district's. */
export interface EffectiveCategory extends CaseLimits {
  code: string;
  name: string;
  defaultUrgency: CaseUrgency;
  isRetired: boolean;
}

type LimitColumns = {
  signLimitHours: number;
  triageLimit: number;
  triageUnit: string;
  handleLimit: number;
  handleUnit: string;
};
type OverrideColumns = {
  signLimitHours: number | null;
  triageLimit: number | null;
  triageUnit: string | null;
  handleLimit: number | null;
  handleUnit: string | null;
};

function limitsOf(c: LimitColumns): CaseLimits {
  return {
    signLimitHours: c.signLimitHours,
    triageLimit: c.triageLimit,
    triageUnit: c.triageUnit as ClockUnit,
    handleLimit: c.handleLimit,
    handleUnit: c.handleUnit as ClockUnit,
  };
}

function merge(c: LimitColumns, o: OverrideColumns | undefined): CaseLimits {
  const base = limitsOf(c);
  if (!o) return base;
  // A limit and its unit are overridden together (the table's checks keep them paired).
  return {
    signLimitHours: o.signLimitHours ?? base.signLimitHours,
    triageLimit: o.triageLimit ?? base.triageLimit,
    triageUnit: (o.triageLimit !== null ? o.triageUnit : base.triageUnit) as ClockUnit,
    handleLimit: o.handleLimit ?? base.handleLimit,
    handleUnit: (o.handleLimit !== null ? o.handleUnit : base.handleUnit) as ClockUnit,
  };
}

/**
 * The limits a new case of `categoryCode` filed in `communityId` runs on; undefined when the district has no
 * such category. Intake and dispatch read limits only through this.
 */
export async function effectiveLimits(
  db: Executor,
  districtId: string,
  communityId: string,
  categoryCode: string,
): Promise<EffectiveCategory | undefined> {
  const row = await repo.findCategoryWithOverride(db, districtId, communityId, categoryCode);
  if (!row) return undefined;
  const override =
    row.overrideSignLimitHours !== null ||
    row.overrideTriageLimit !== null ||
    row.overrideHandleLimit !== null
      ? {
          signLimitHours: row.overrideSignLimitHours,
          triageLimit: row.overrideTriageLimit,
          triageUnit: row.overrideTriageUnit,
          handleLimit: row.overrideHandleLimit,
          handleUnit: row.overrideHandleUnit,
        }
      : undefined;
  return {
    code: row.code,
    name: row.name,
    defaultUrgency: row.defaultUrgency as CaseUrgency,
    isRetired: row.isRetired,
    ...merge(row, override),
  };
}

function present(c: repo.CategoryRow, o: repo.OverrideRow | undefined): CaseCategorySetting {
  return {
    code: c.code,
    parentCode: c.parentCode,
    name: c.name,
    defaultUrgency: c.defaultUrgency as CaseUrgency,
    isRetired: c.isRetired,
    limits: limitsOf(c),
    override: o
      ? {
          signLimitHours: o.signLimitHours,
          triageLimit: o.triageLimit,
          triageUnit: o.triageUnit as ClockUnit | null,
          handleLimit: o.handleLimit,
          handleUnit: o.handleUnit as ClockUnit | null,
          updatedAt: new Date(o.updatedAt).toISOString(),
        }
      : null,
    effective: merge(c, o),
  };
}

// ---------------------------------------------------------------- access

/** @throws FORBIDDEN when the caller triages nowhere */
function triageScope(ctx: RequestContext) {
  const scope = scopeOf(ctx.actor, 'cases.triage');
  if (!scope.everywhere && scope.paths.length === 0) throw forbidden('您没有管理诉求类别与时限的权限');
  return scope;
}

/** The district catalogue is shared by every community, so only triage at the district root may edit it. */
async function canEditCatalogue(db: Executor, ctx: RequestContext): Promise<boolean> {
  const root = await repo.districtRoot(db, ctx.districtId);
  return root !== undefined && canAtNode(ctx.actor, 'cases.triage', root.path);
}

/** @throws FORBIDDEN unless the caller triages at the district root */
async function requireCatalogueEditor(db: Executor, ctx: RequestContext): Promise<void> {
  triageScope(ctx);
  if (!(await canEditCatalogue(db, ctx))) {
    throw forbidden('区县诉求类别目录由区县管理员维护；社区可在“本社区时限”中调整时限');
  }
}

/** @throws FORBIDDEN (no triage anywhere), NOT_FOUND (another district's node, or outside the caller's scope) */
async function requireCommunity(db: Executor, ctx: RequestContext, communityId: string) {
  triageScope(ctx);
  const community = await repo.findCommunity(db, ctx.districtId, communityId);
  if (!community || !canAtNode(ctx.actor, 'cases.triage', community.path)) throw notFound('社区');
  return community;
}

/** @throws NOT_FOUND when the district has no category with this code */
async function requireCategory(db: Executor, districtId: string, code: string) {
  const category = await repo.lockCategory(db, districtId, code);
  if (!category) throw notFound('诉求类别');
  return category;
}

async function presentOne(db: Executor, districtId: string, code: string, communityId?: string) {
  const category = (await repo.findCategory(db, districtId, code))!;
  const override = communityId ? await repo.findOverride(db, districtId, communityId, code) : undefined;
  return present(category, override);
}

// ---------------------------------------------------------------- reads

/**
 * The district's category tree with its default limits and, for `communityId`, that community's overrides and
 * the effective limits. Communities listed are those the caller triages.
 * @throws FORBIDDEN (no `cases.triage`), NOT_FOUND (community outside scope or district)
 */
export async function listSettings(
  deps: Deps,
  ctx: RequestContext,
  query: { communityId?: string | undefined },
): Promise<CaseCategorySettings> {
  const { db } = deps;
  const scope = triageScope(ctx);
  if (query.communityId) await requireCommunity(db, ctx, query.communityId);
  await ensureCategories(db, ctx.districtId);
  const [categories, overrides, communities, editor] = await Promise.all([
    repo.listCategories(db, ctx.districtId, { withRetired: true }),
    query.communityId ? repo.listOverrides(db, ctx.districtId, query.communityId) : Promise.resolve([]),
    repo.listCommunities(db, ctx.districtId),
    canEditCatalogue(db, ctx),
  ]);
  const byCode = new Map(overrides.map((o) => [o.categoryCode, o]));
  return {
    communityId: query.communityId ?? null,
    communities: communities
      .filter((c) => scope.everywhere || isWithin(c.path, scope.paths))
      .map((c) => ({ id: c.id, name: c.name })),
    canEditCatalogue: editor,
    items: categories.map((c) => present(c, byCode.get(c.code))),
  };
}

// ---------------------------------------------------------------- catalogue

/**
 * Adds a category to the district catalogue. Codes are never reused, retired ones included.
 * @throws FORBIDDEN, VALIDATION_FAILED (parentCode), CONFLICT (code taken)
 */
export async function createCategory(
  deps: Deps,
  ctx: RequestContext,
  body: CreateCaseCategoryBody,
): Promise<CaseCategorySetting> {
  const { districtId } = ctx;
  await requireCatalogueEditor(deps.db, ctx);
  // Seed first: a district whose first category is a custom one still gets the default catalogue.
  await ensureCategories(deps.db, districtId);
  return deps.db.transaction().execute(async (tx) => {
    const parentCode = body.parentCode || null;
    if (parentCode) {
      const parent = await repo.lockCategory(tx, districtId, parentCode);
      if (!parent) throw invalid('parentCode', '上级类别不存在');
      if (parent.isRetired) throw invalid('parentCode', '上级类别已停用，不能在其下新增类别');
    }
    const inserted = await repo.insertCategory(tx, districtId, {
      code: body.code,
      parentCode,
      name: body.name,
      defaultUrgency: body.defaultUrgency,
      signLimitHours: body.signLimitHours,
      triageLimit: body.triageLimit,
      triageUnit: body.triageUnit,
      handleLimit: body.handleLimit,
      handleUnit: body.handleUnit,
      sort: await repo.nextSort(tx, districtId),
      updatedBy: ctx.actor.userId,
    });
    if (!inserted) {
      throw new AppError('CONFLICT', `类别代码“${body.code}”已被使用（停用的类别代码也不能再用）`, {
        code: '类别代码已被使用',
      });
    }
    await recordAudit(tx, ctx.audit, {
      action: 'case_category.create',
      entityType: 'case_category',
      entityId: body.code,
      detail: { ...body, parentCode },
    });
    return presentOne(tx, districtId, body.code);
  });
}

/**
 * Renames a category or changes its default urgency and limits; cases already filed keep theirs.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT (retired)
 */
export async function updateCategory(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  body: UpdateCaseCategoryBody,
): Promise<CaseCategorySetting> {
  await requireCatalogueEditor(deps.db, ctx);
  return deps.db.transaction().execute(async (tx) => {
    const before = await requireCategory(tx, ctx.districtId, code);
    if (before.isRetired) throw new AppError('CONFLICT', `类别“${before.name}”已停用，不能修改`);
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    await repo.updateCategory(tx, ctx.districtId, code, { ...patch, updatedBy: ctx.actor.userId });
    await recordAudit(tx, ctx.audit, {
      action: 'case_category.update',
      entityType: 'case_category',
      entityId: code,
      detail: {
        before: { name: before.name, defaultUrgency: before.defaultUrgency, ...limitsOf(before) },
        changes: patch,
      },
    });
    return presentOne(tx, ctx.districtId, code);
  });
}

/**
 * Retires a category: no longer offered at intake; its cases and code stay.
 * @throws FORBIDDEN, NOT_FOUND, CONFLICT (already retired, or it has active sub-categories)
 */
export async function retireCategory(
  deps: Deps,
  ctx: RequestContext,
  code: string,
): Promise<CaseCategorySetting> {
  await requireCatalogueEditor(deps.db, ctx);
  return deps.db.transaction().execute(async (tx) => {
    const category = await requireCategory(tx, ctx.districtId, code);
    if (category.isRetired) throw new AppError('CONFLICT', `类别“${category.name}”已停用`);
    if (await repo.hasActiveChildren(tx, ctx.districtId, code)) {
      throw new AppError('CONFLICT', `类别“${category.name}”下还有在用的子类别，请先停用子类别`);
    }
    await repo.updateCategory(tx, ctx.districtId, code, { isRetired: true, updatedBy: ctx.actor.userId });
    await recordAudit(tx, ctx.audit, {
      action: 'case_category.retire',
      entityType: 'case_category',
      entityId: code,
      detail: { name: category.name },
    });
    return presentOne(tx, ctx.districtId, code);
  });
}

// ---------------------------------------------------------------- per-community limits

/** @throws VALIDATION_FAILED naming the unit when a limit comes without one, or the other way round */
function pairedLimit(
  amount: number | null | undefined,
  unit: string | null | undefined,
  field: 'triage' | 'handle',
): { amount: number | null; unit: string | null } {
  const label = field === 'triage' ? '分拨时限' : '办理时限';
  if ((amount ?? null) === null && (unit ?? null) !== null) {
    throw invalid(`${field}Limit`, `请填写${label}，或同时清空时限单位`);
  }
  if ((amount ?? null) !== null && (unit ?? null) === null) {
    throw invalid(`${field}Unit`, `请选择${label}的单位`);
  }
  return { amount: amount ?? null, unit: unit ?? null };
}

/**
 * Sets a community's own limits for a category (null inherits the district's). All null clears the override.
 * @throws FORBIDDEN, NOT_FOUND (community or category), VALIDATION_FAILED (unpaired limit/unit), CONFLICT (retired)
 */
export async function setOverride(
  deps: Deps,
  ctx: RequestContext,
  communityId: string,
  code: string,
  body: SetCaseLimitOverrideBody,
): Promise<CaseCategorySetting> {
  const community = await requireCommunity(deps.db, ctx, communityId);
  const triage = pairedLimit(body.triageLimit, body.triageUnit, 'triage');
  const handle = pairedLimit(body.handleLimit, body.handleUnit, 'handle');
  const values = {
    signLimitHours: body.signLimitHours ?? null,
    triageLimit: triage.amount,
    triageUnit: triage.unit,
    handleLimit: handle.amount,
    handleUnit: handle.unit,
  };
  return deps.db.transaction().execute(async (tx) => {
    const category = await requireCategory(tx, ctx.districtId, code);
    if (category.isRetired) throw new AppError('CONFLICT', `类别“${category.name}”已停用，不能设置时限`);
    const before = await repo.findOverride(tx, ctx.districtId, communityId, code);
    const empty = values.signLimitHours === null && triage.amount === null && handle.amount === null;
    if (empty) await repo.deleteOverride(tx, ctx.districtId, communityId, code);
    else
      await repo.upsertOverride(tx, ctx.districtId, communityId, code, {
        ...values,
        updatedBy: ctx.actor.userId,
      });
    await recordAudit(tx, ctx.audit, {
      action: empty ? 'case_limit_override.clear' : 'case_limit_override.set',
      entityType: 'case_limit_override',
      entityId: `${communityId}:${code}`,
      detail: {
        communityId,
        communityName: community.name,
        categoryCode: code,
        before: before ? overrideValues(before) : null,
        after: empty ? null : values,
      },
    });
    return presentOne(tx, ctx.districtId, code, communityId);
  });
}

function overrideValues(o: repo.OverrideRow): repo.OverrideValues {
  return {
    signLimitHours: o.signLimitHours,
    triageLimit: o.triageLimit,
    triageUnit: o.triageUnit,
    handleLimit: o.handleLimit,
    handleUnit: o.handleUnit,
  };
}

/**
 * Removes a community's override: its new cases run on the district default again.
 * @throws FORBIDDEN, NOT_FOUND (community, category, or no override to clear)
 */
export async function clearOverride(
  deps: Deps,
  ctx: RequestContext,
  communityId: string,
  code: string,
): Promise<CaseCategorySetting> {
  const community = await requireCommunity(deps.db, ctx, communityId);
  return deps.db.transaction().execute(async (tx) => {
    await requireCategory(tx, ctx.districtId, code);
    const before = await repo.findOverride(tx, ctx.districtId, communityId, code);
    if (!before) throw notFound('本社区时限设置');
    await repo.deleteOverride(tx, ctx.districtId, communityId, code);
    await recordAudit(tx, ctx.audit, {
      action: 'case_limit_override.clear',
      entityType: 'case_limit_override',
      entityId: `${communityId}:${code}`,
      detail: {
        communityId,
        communityName: community.name,
        categoryCode: code,
        before: overrideValues(before),
      },
    });
    return presentOne(tx, ctx.districtId, code, communityId);
  });
}

/** The sign and triage clocks of the effective limits, in the shape the SLA calculation takes. */
export function signAndTriage(l: CaseLimits): { signLimitHours: number; triage: Duration } {
  return { signLimitHours: l.signLimitHours, triage: { amount: l.triageLimit, unit: l.triageUnit } };
}
