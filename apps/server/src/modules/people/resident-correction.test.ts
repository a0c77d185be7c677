import { describe, expect, it } from 'vitest';
import { createFieldCrypto } from '../../platform/crypto.ts';
import { makeIdNumber } from './id-number.ts';
import { changedFields, correctedInput } from './resident-correction.ts';
import { prepareResident, type ResidentInput } from './resident-record.ts';

const crypto = createFieldCrypto(Buffer.from('unit-test-secret'));
const prepare = (input: ResidentInput) => {
  const r = prepareResident(input, crypto);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.values;
};
const OLD_ID = makeIdNumber('430304', '1950-01-01', 11);
const current: ResidentInput = {
  name: '王秀英',
  idNumber: OLD_ID,
  gender: 'male',
  birthDate: '1950-01-01',
  phone: '13800001111',
  relationToHead: '户主',
};

describe('resident corrections', () => {
  it('replaces patched fields, clears with null and keeps the rest', () => {
    const next = correctedInput(current, { name: '王秀瑛', phone: null });
    expect(next).toMatchObject({ name: '王秀瑛', phone: null, idNumber: OLD_ID, relationToHead: '户主' });
  });

  it('re-derives gender and birth date from a new ID number', () => {
    const newId = makeIdNumber('430304', '1962-03-04', 22);
    const next = correctedInput(current, { idNumber: newId });
    const values = prepare(next);
    expect(values).toMatchObject({ gender: 'female', birthDate: '1962-03-04' });
    expect(changedFields(prepare(current), values)).toEqual(['idNumber', 'gender', 'birthDate']);
  });

  it('keeps gender when the same ID is sent again, and reports nothing changed', () => {
    const next = correctedInput(current, { idNumber: OLD_ID.toLowerCase() });
    expect(next.gender).toBe('male');
    expect(changedFields(prepare(current), prepare(next))).toEqual([]);
  });

  it('names a changed phone without comparing ciphertexts', () => {
    const before = prepare(current);
    const after = prepare(correctedInput(current, { phone: '13900002222', education: '高中' }));
    expect(changedFields(before, after)).toEqual(['phone', 'education']);
  });
});
