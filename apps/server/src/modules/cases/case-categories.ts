import type { CaseUrgency } from '@gongzhi/contract/cases';
import type { ClockUnit } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/database.ts';

interface SeedCategory {
  code: string;
  parentCode?: string;
  name: string;
  defaultUrgency?: CaseUrgency;
  handleLimit: number;
  handleUnit?: ClockUnit;
}

/**
 * The default catalogue of research/domain.md §5.1: consultation and help 3 working days; repair, dispute and
 * complaint 7 working days. Each district gets a copy it may edit.
 */
export const DEFAULT_CATEGORIES: readonly SeedCategory[] = [
  { code: 'repair', name: '房屋维修', handleLimit: 7 },
  { code: 'repair.leak', parentCode: 'repair', name: '房屋渗漏', defaultUrgency: 'urgent', handleLimit: 7 },
  { code: 'dispute', name: '邻里纠纷', handleLimit: 7 },
  { code: 'environment', name: '环境卫生', handleLimit: 7 },
  { code: 'safety', name: '安全隐患', defaultUrgency: 'urgent', handleLimit: 3 },
  { code: 'elderly', name: '养老/助老', handleLimit: 3 },
  { code: 'consultation', name: '政策咨询', handleLimit: 3 },
  { code: 'facility', name: '公共设施', handleLimit: 7 },
  { code: 'renovation', name: '小区改造', handleLimit: 7 },
  { code: 'parking', name: '停车', handleLimit: 7 },
  { code: 'errand', name: '代办', handleLimit: 3 },
  { code: 'other', name: '其他', handleLimit: 7 },
];

/** Seeds the default catalogue the first time a district uses cases; later calls change nothing. */
export async function ensureCategories(db: Executor, districtId: string): Promise<void> {
  await db
    .insertInto('caseCategory')
    .values(
      DEFAULT_CATEGORIES.map((c, i) => ({
        districtId,
        code: c.code,
        parentCode: c.parentCode ?? null,
        name: c.name,
        defaultUrgency: c.defaultUrgency ?? 'normal',
        handleLimit: c.handleLimit,
        handleUnit: c.handleUnit ?? 'working_days',
        sort: i,
      })),
    )
    .onConflict((oc) => oc.columns(['districtId', 'code']).doNothing())
    .execute();
}
