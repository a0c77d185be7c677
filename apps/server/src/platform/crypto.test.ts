import { describe, expect, it } from 'vitest';
import { createFieldCrypto, maskIdNumber, maskPhone } from './crypto.ts';

describe('field crypto', () => {
  const crypto = createFieldCrypto(Buffer.from('a-test-master-secret-of-enough-length'));

  it('round-trips and never repeats a ciphertext', () => {
    const a = crypto.encrypt('430304195001011234');
    const b = crypto.encrypt('430304195001011234');
    expect(a.equals(b)).toBe(false);
    expect(crypto.decrypt(a)).toBe('430304195001011234');
  });

  it('never reuses an IV, also across refills of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) ivs.add(crypto.encrypt('x').subarray(1, 13).toString('hex'));
    expect(ivs.size).toBe(10_000);
  });

  it('detects tampering', () => {
    const blob = crypto.encrypt('13812341234');
    blob.writeUInt8(blob.readUInt8(blob.length - 1) ^ 1, blob.length - 1);
    expect(() => crypto.decrypt(blob)).toThrow();
  });

  it('gives one blind index per value, case-insensitive for the X check digit', () => {
    expect(crypto.blindIndex('11010119900307651x').equals(crypto.blindIndex('11010119900307651X'))).toBe(
      true,
    );
    expect(crypto.blindIndex('110101199003076511').equals(crypto.blindIndex('110101199003076512'))).toBe(
      false,
    );
  });

  it('depends on the master secret', () => {
    const other = createFieldCrypto(Buffer.from('another-master-secret-of-enough-length'));
    expect(other.blindIndex('x').equals(crypto.blindIndex('x'))).toBe(false);
  });
});

describe('masking', () => {
  it('masks ID numbers as DESIGN.md shows', () => {
    expect(maskIdNumber('110101199003076515')).toBe('110101********6515');
  });
  it('masks mobiles as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('0731-5551234')).toBe('********1234');
  });
});
