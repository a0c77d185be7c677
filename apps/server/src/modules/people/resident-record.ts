import { pinyin } from 'pinyin-pro';
import { type FieldCrypto, maskIdNumber, maskPhone } from '../../platform/crypto.ts';
import { searchTokens } from '../../platform/search-text.ts';
import { ID_PROBLEM_MESSAGES, parseIdNumber } from './id-number.ts';

/**
 * One resident as entered (form, API, Excel row), validated and turned into the values stored: the ID number
 * and phone encrypted, blind-indexed and masked, the name with its pinyin sort key and search tokens. The
 * people service, the roster importer and the demo all go through here, so they cannot disagree.
 */
export interface ResidentInput {
  name: string;
  idNumber?: string | null | undefined;
  gender?: 'male' | 'female' | 'unknown' | null | undefined;
  birthDate?: string | null | undefined;
  phone?: string | null | undefined;
  relationToHead?: string | null | undefined;
  ethnicity?: string | null | undefined;
  politicalStatus?: string | null | undefined;
  education?: string | null | undefined;
  residenceType?: 'registered' | 'permanent' | 'migrant' | 'separated' | null | undefined;
  note?: string | null | undefined;
  dataSource?: string | null | undefined;
}

export interface ResidentValues {
  name: string;
  nameSort: string;
  gender: 'male' | 'female' | 'unknown';
  birthDate: string | null;
  idNoEnc: Buffer | null;
  idNoHash: Buffer | null;
  idNoMasked: string | null;
  phoneEnc: Buffer | null;
  phoneHash: Buffer | null;
  phoneMasked: string | null;
  relationToHead: string;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  residenceType: 'registered' | 'permanent' | 'migrant' | 'separated';
  note: string | null;
  dataSource: string | null;
  search: string;
}

export type ResidentErrors = Partial<Record<keyof ResidentInput, string>>;

export const MOBILE = /^1[3-9]\d{9}$/;
export const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

const GENDER_ZH = { male: '男', female: '女', unknown: '未知' } as const;

export function nameSortKey(name: string): string {
  return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase();
}

const blank = (v: string | null | undefined) =>
  v === undefined || v === null || v.trim() === '' ? null : v.trim();

export function prepareResident(
  input: ResidentInput,
  crypto: FieldCrypto,
  today = new Date(),
): { ok: true; values: ResidentValues } | { ok: false; errors: ResidentErrors } {
  const errors: ResidentErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = '姓名不能为空';
  else if ([...name].length > 50) errors.name = '姓名不能超过 50 个字';

  let gender = input.gender ?? null;
  let birthDate = blank(input.birthDate);
  const idRaw = blank(input.idNumber);
  let idNumber: string | null = null;
  if (idRaw) {
    const parsed = parseIdNumber(idRaw, today);
    if (!parsed.ok) errors.idNumber = ID_PROBLEM_MESSAGES[parsed.problem];
    else {
      idNumber = parsed.id.value;
      if (gender && gender !== 'unknown' && gender !== parsed.id.gender) {
        errors.gender = `性别“${GENDER_ZH[gender]}”与公民身份号码不符（号码显示为${GENDER_ZH[parsed.id.gender]}）`;
      }
      if (birthDate && birthDate !== parsed.id.birthDate) {
        errors.birthDate = `出生日期 ${birthDate} 与公民身份号码不符（号码显示为 ${parsed.id.birthDate}）`;
      }
      gender ??= parsed.id.gender;
      birthDate ??= parsed.id.birthDate;
    }
  }
  if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) errors.birthDate = '出生日期格式应为 yyyy-mm-dd';

  const phone = blank(input.phone)?.replace(/\s/g, '') ?? null;
  if (phone && !MOBILE.test(phone) && !LANDLINE.test(phone))
    errors.phone = '联系电话应为 11 位手机号或带区号的固定电话';

  for (const key of ['relationToHead', 'ethnicity', 'politicalStatus', 'education'] as const) {
    const v = blank(input[key]);
    if (v && [...v].length > 20) errors[key] = '不能超过 20 个字';
  }
  const note = blank(input.note);
  if (note && [...note].length > 500) errors.note = '备注不能超过 500 个字';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const nameSort = nameSortKey(name);
  return {
    ok: true,
    values: {
      name,
      nameSort,
      gender: gender ?? 'unknown',
      birthDate,
      idNoEnc: idNumber ? crypto.encrypt(idNumber) : null,
      idNoHash: idNumber ? crypto.blindIndex(idNumber) : null,
      idNoMasked: idNumber ? maskIdNumber(idNumber) : null,
      phoneEnc: phone ? crypto.encrypt(phone) : null,
      phoneHash: phone ? crypto.blindIndex(phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      relationToHead: blank(input.relationToHead) ?? '其他',
      ethnicity: blank(input.ethnicity),
      politicalStatus: blank(input.politicalStatus),
      education: blank(input.education),
      residenceType: input.residenceType ?? 'registered',
      note,
      dataSource: blank(input.dataSource),
      search: searchTokens(name, nameSort.replace(/ /g, '')),
    },
  };
}
