import type { ResidentInput, ResidentValues } from './resident-record.ts';

/** Field names as the 居民花名册 heads them, for the 'corrected' event. */
export const FIELD_LABELS: Record<keyof ResidentInput, string> = {
  name: '姓名',
  idNumber: '公民身份号码',
  gender: '性别',
  birthDate: '出生日期',
  phone: '联系电话',
  relationToHead: '与户主关系',
  ethnicity: '民族',
  politicalStatus: '政治面貌',
  education: '文化程度',
  residenceType: '人口类型',
  note: '备注',
  dataSource: '数据来源',
};

const FIELDS = Object.keys(FIELD_LABELS) as (keyof ResidentInput)[];

/**
 * The whole record after a correction: patched fields replace the current ones (null clears). A new ID number
 * re-derives gender and birth date unless the patch gives them, so that the old values do not contradict it.
 */
export function correctedInput(current: ResidentInput, patch: Partial<ResidentInput>): ResidentInput {
  const next: ResidentInput = { ...current };
  for (const key of FIELDS) {
    if (patch[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = patch[key];
  }
  const isNewId =
    patch.idNumber !== undefined &&
    patch.idNumber !== null &&
    patch.idNumber.trim().toUpperCase() !== current.idNumber;
  if (isNewId) {
    if (patch.gender === undefined) next.gender = null;
    if (patch.birthDate === undefined) next.birthDate = null;
  }
  return next;
}

const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));

/** Which fields differ between two stored versions; ID and phone compare by blind index, never by value. */
export function changedFields(before: ResidentValues, after: ResidentValues): (keyof ResidentInput)[] {
  const changed: (keyof ResidentInput)[] = [];
  for (const key of FIELDS) {
    if (key === 'idNumber') {
      if (!sameBytes(before.idNoHash, after.idNoHash)) changed.push(key);
    } else if (key === 'phone') {
      if (!sameBytes(before.phoneHash, after.phoneHash)) changed.push(key);
    } else if (before[key] !== after[key]) {
      changed.push(key);
    }
  }
  return changed;
}
