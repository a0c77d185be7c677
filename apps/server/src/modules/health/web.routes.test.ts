import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/test-app.ts';

describe('serving the web app', async () => {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<div id="root">共治</div>');
  const t = await buildTestApp({ webDist });
  // An asset built after the server started, as `npm run build` beside a running server makes.
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)');
  afterAll(() => fs.rmSync(webDist, { recursive: true, force: true }));

  it('serves client routes with index.html and files built after start', async () => {
    const page = await t.client().get('/territory/abc');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('共治');
    const asset = await t.client().get('/assets/app.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
  });

  it('answers unknown API paths with the JSON error shape, never the page', async () => {
    const res = await t.client().get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
