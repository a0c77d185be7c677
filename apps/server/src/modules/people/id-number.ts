/**
 * 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), and an
 * ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'checksum' | 'birth_date' | 'region';

export interface ParsedIdNumber {
  value: string;
  birthDate: string;
  gender: 'male' | 'female';
  regionCode: string;
}

export const ID_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  format: '公民身份号码应为 18 位（前 17 位数字，末位数字或 X）',
  checksum: '公民身份号码校验位不正确，请核对',
  birth_date: '公民身份号码中的出生日期无效',
  region: '公民身份号码的地区码无效',
};

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function parseIdNumber(
  raw: string,
  today = new Date(),
): { ok: true; id: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (!/^[1-9]\d{5}$/.test(value.slice(0, 6))) return { ok: false, problem: 'region' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime())
    return { ok: false, problem: 'birth_date' };
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    id: {
      value,
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: value.slice(0, 6),
    },
  };
}

/** Builds a valid number from region, birth date and a 3-digit sequence (for demo data and tests). */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
