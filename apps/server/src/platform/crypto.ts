import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data (AES-256-GCM) and blind indexes (HMAC-SHA256) for exact look-up and
 * de-duplication without decrypting. Both keys derive from one master secret: `GONGZHI_SECRET`, or a key file
 * generated in the data directory with mode 0600.
 */
export interface FieldCrypto {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
  blindIndex(plain: string): Buffer;
}

export function loadMasterSecret(secret: string | undefined, dataDir: string): Buffer {
  if (secret) return Buffer.from(secret, 'utf8');
  const file = path.join(dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

// Random 96-bit IVs drawn from a pool refilled in one call: a syscall per field made bulk imports CPU-bound.
const IV_BYTES = 12;
const IV_POOL_SIZE = IV_BYTES * 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL_SIZE;

function nextIv(): Buffer {
  if (ivOffset >= IV_POOL_SIZE) {
    ivPool = randomBytes(IV_POOL_SIZE);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function createFieldCrypto(master: Buffer): FieldCrypto {
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongzhi-field-encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongzhi-blind-index', 32));
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      // Layout: version byte, 12-byte IV, 16-byte tag, ciphertext.
      return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob) {
      if (blob[0] !== 1) throw new Error('unknown ciphertext version');
      const decipher = createDecipheriv('aes-256-gcm', encKey, blob.subarray(1, 13));
      decipher.setAuthTag(blob.subarray(13, 29));
      return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
    },
    blindIndex(plain) {
      return createHmac('sha256', macKey).update(plain.trim().toUpperCase()).digest();
    },
  };
}

/** `110101********1234`: the region and the last four stay visible. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** `138****1234` for mobiles; other numbers keep their last four. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}
