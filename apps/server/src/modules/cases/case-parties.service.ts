import { FINAL_CASE_STATES } from '@gongzhi/contract/cases';
import type { AuditContext } from '../../platform/audit/audit-log.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { notify } from '../notifications/index.ts';
import { findCaseForActor } from './cases.policy.ts';
import * as repo from './cases.repository.ts';

/** Who may name the other party: those who filed or handle the case, not the handler's job view. */
const MAY_NAME = new Set(['reporter', 'proxy', 'responder', 'supervisor', 'triage']);

/**
 * Names (or clears) the other party of a case, a household of the same community — e.g. the upstairs flat in a
 * leak dispute (AS-01). Recorded in the timeline and audited; the household is told the outcome at closing.
 * @throws NOT_FOUND without access to the case; FORBIDDEN for a handler alone; CONFLICT once the case is done;
 *   VALIDATION_FAILED for a household that is not in the case's community or is the reporter's own
 */
export async function setRelatedParty(
  db: Database,
  ctx: RequestContext,
  caseId: string,
  householdId: string | null,
): Promise<void> {
  const { row, roles } = await findCaseForActor(db, ctx, caseId);
  if (!roles.some((r) => MAY_NAME.has(r))) throw forbidden('只有反映人、代办人、联户长或社区可以登记相关方');
  if ((FINAL_CASE_STATES as readonly string[]).includes(row.state))
    throw new AppError('CONFLICT', '诉求已办结，不能再登记相关方');
  const household = householdId ? await repo.findHousehold(db, ctx.districtId, householdId) : null;
  if (householdId && (!household || household.communityId !== row.communityId))
    throw invalid('householdId', '相关方应为本社区的住户');
  if (householdId && householdId === row.householdId)
    throw invalid('householdId', '相关方不能是反映问题的住户本身');
  await db.transaction().execute(async (tx) => {
    await repo.setRelatedHousehold(tx, ctx.districtId, row.id, householdId);
    await repo.insertCaseEvent(tx, ctx.audit, row.id, {
      action: 'related_party',
      note: household ? `相关方：${household.address}` : '已清除相关方',
    });
    await recordAudit(tx, ctx.audit, {
      action: 'case.related_party',
      entityType: 'case',
      entityId: row.id,
      detail: { caseNo: row.caseNo, householdId, address: household?.address ?? null },
    });
  });
}

/**
 * Tells the other party how the case ended (AS-01: "the upstairs household is informed"): its residents' accounts
 * and its chiefs, with the reply the reporter got. Called in the closing transaction.
 */
export async function informRelatedParty(
  tx: Executor,
  audit: AuditContext,
  c: { id: string; caseNo: string; title: string; relatedHouseholdId: string | null; reply: string | null },
): Promise<void> {
  if (!c.relatedHouseholdId) return;
  const recipients = await repo.householdAudience(tx, audit.districtId, c.relatedHouseholdId);
  await repo.insertCaseEvent(tx, audit, c.id, {
    action: 'related_party_informed',
    note: `已告知相关方（${recipients.length} 个账号）`,
  });
  if (recipients.length === 0) return;
  await notify(tx, {
    districtId: audit.districtId,
    recipientUserIds: recipients,
    event: 'case.related_party_informed',
    title: `与您家有关的诉求已办结：${c.title}`,
    body: `诉求 ${c.caseNo} 已办结。${c.reply ? `处理结果：${c.reply}` : ''}如有疑问请联系您的联户长或社区。`,
    entityType: 'case',
    entityId: c.id,
  });
}
