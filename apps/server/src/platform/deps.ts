import type { Config } from './config.ts';
import type { FieldCrypto } from './crypto.ts';
import type { Database } from './db/database.ts';

/** The composition root hands these to every module. */
export interface AppDeps {
  db: Database;
  config: Config;
  crypto: FieldCrypto;
  database: { kind: 'embedded' | 'external'; version: string };
  /** Resolves once the national division table is loaded (first start takes a few seconds). */
  divisionsReady: Promise<unknown>;
}
