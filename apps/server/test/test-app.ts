import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createFieldCrypto } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { AppDeps } from '../src/platform/deps.ts';
import { createTestDatabase } from './test-db.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  deps: AppDeps;
  /** A client that keeps its session cookie and sends the CSRF header, like the web app. */
  client(): TestClient;
}

export async function buildTestApp(options: { webDist?: string } = {}): Promise<TestApp> {
  const { db } = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-test-'));
  const config = { ...loadConfig({}), dataDir, webDist: options.webDist ?? path.join(dataDir, 'no-web') };
  const deps: AppDeps = {
    db,
    config,
    crypto: createFieldCrypto(Buffer.from('test-master-secret-for-gongzhi-tests-only')),
    database: { kind: inject('pgKind') === 'external' ? 'external' : 'embedded', version: '15' },
    divisionsReady: Promise.resolve(),
  };
  const app = await buildApp(deps, { logger: false });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, db, deps, client: () => new TestClient(app) };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class TestClient {
  private cookie = '';
  private csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: Method,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    const setCookie = res.cookies.find((c) => c.name === 'gz_session');
    if (setCookie) this.cookie = setCookie.value ? `gz_session=${setCookie.value}` : '';
    const body = String(res.headers['content-type'] ?? '').includes('json')
      ? (res.json() as { csrfToken?: string })
      : null;
    if (body && typeof body.csrfToken === 'string') this.csrf = body.csrfToken;
    return res;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async login(username: string, password: string): Promise<this> {
    const res = await this.post('/api/v1/session', { username, password });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    return this;
  }

  /** Forget the CSRF token, as a forged cross-site request would not know it. */
  withoutCsrf(): this {
    this.csrf = '';
    return this;
  }
}
