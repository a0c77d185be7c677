import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from './lib/browser.ts';
import { fillResidentsTemplate } from './lib/residents-workbook.ts';
import { type RunningServer, startServer } from './lib/server.ts';

const ADMIN = { username: 'wangshuji', displayName: '王书记', password: 'gongzhi-e2e-2026' };
const PLACE = { area: '第一片区', group: '第1居民小组', estate: '和谐小区', building: '23栋' };
const CHIEF = '余成';
const STEP_MS = 30_000;

let server: RunningServer;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-files-'));

/**
 * A button (or a link styled as one) by its Chinese text. antd puts a space between two Chinese characters
 * ("保 存") and icons add their own name before the text ("plus 新增下级").
 */
function button(scope: Page | Locator, text: string): Locator {
  const name = new RegExp(`(^|\\s)${[...text].join('\\s*')}\\s*$`);
  return scope.getByRole('button', { name }).or(scope.getByRole('link', { name }));
}

/** Waits until the element's text contains `text` (vitest's expect has no Playwright matchers). */
async function expectText(locator: Locator, text: string, timeout = STEP_MS) {
  await locator.first().waitFor({ timeout });
  await expect.poll(() => locator.first().textContent(), { timeout, interval: 250 }).toContain(text);
}

async function pickOption(label: string, option: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-item-option[title="${option}"]`).first().click();
}

/** Adds a child under the node shown in the territory detail, then opens it. */
async function addChild(level: string, name: string) {
  await button(page, '新增下级').click();
  await pickOption('层级', level);
  await page.getByRole('dialog').getByLabel('名称', { exact: true }).fill(name);
  await button(page.getByRole('dialog'), '保存').click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name, exact: true }).first().click();
  await page.getByRole('heading', { name }).first().waitFor();
}

describe('first day: setup → territory → import residents → 邻长 → assign on a phone → coverage 100 %', () => {
  beforeAll(async () => {
    fs.rmSync('/tmp/e2e-shots', { recursive: true, force: true });
    server = await startServer();
    browser = await launchBrowser();
    desk = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
      baseURL: server.baseUrl,
    });
    desk.setDefaultTimeout(STEP_MS);
    page = await desk.newPage();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await shot(page, `fail-${context.task.name.slice(0, 20)}`).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      const code = await server.stop();
      expect(code, server.output()).toBe(0);
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('sets up the administrator and 五里堆社区 in the browser', async () => {
    await page.goto('/setup');
    await page.getByLabel('管理员用户名').fill(ADMIN.username);
    await page.getByLabel('姓名', { exact: true }).fill(ADMIN.displayName);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('再次输入密码').fill(ADMIN.password);
    await shot(page, '01-setup-admin');
    await button(page, '下一步').click();
    const search = page.getByPlaceholder('例如：五里堆');
    // The national divisions load in the background on a fresh data directory.
    await expect.poll(() => search.isEnabled(), { timeout: 180_000, interval: 1000 }).toBe(true);
    await search.fill('五里堆');
    const hit = page.locator('.ant-list-item', { hasText: '430304008004' });
    await hit.waitFor();
    await expectText(hit, '湖南省');
    await expectText(hit, '湘潭市');
    await expectText(hit, '岳塘区');
    await expectText(hit, '五里堆街道');
    await hit.click();
    await shot(page, '02-setup-community');
    await button(page, '完成设置').first().click();
    await button(page.locator('.ant-modal-confirm'), '完成设置').click();
    await page.waitForURL(/\/territory/);
    await page
      .getByRole('heading', { name: /五里堆社区/ })
      .first()
      .waitFor();
  });

  it('builds 片区 → 居民小组 → 小区 → 楼栋 in the territory page', async () => {
    await addChild('片区', PLACE.area);
    await addChild('居民小组', PLACE.group);
    await addChild('小区', PLACE.estate);
    await addChild('楼栋', PLACE.building);
    await shot(page, '03-territory');
  });

  it('imports 20 residents through the wizard', async () => {
    await page.goto('/ledgers/import');
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, '下载模板').click()]);
    const template = path.join(work, 'template.xlsx');
    await download.saveAs(template);
    const filled = path.join(work, 'residents.xlsx');
    const roster = await fillResidentsTemplate(template, filled, PLACE);

    await page.getByRole('button', { name: /已有填好的文件/ }).click();
    // The target community is preselected once the tree has loaded; the drop zone is disabled until then.
    await page.locator('.ant-select', { hasText: '五里堆社区' }).first().waitFor();
    await page.locator('.ant-upload-disabled').waitFor({ state: 'detached' });
    await page.locator('input[type=file]').setInputFiles(filled);
    await page.getByText(`全部 ${roster.rows} 行校验通过`).waitFor({ timeout: 120_000 });
    // The preview is masked: no full 公民身份号码 reaches the page.
    const body = await page.locator('body').textContent();
    for (const id of roster.idNumbers) expect(body).not.toContain(id);
    await shot(page, '04-import-review');
    await page.getByRole('radio', { name: '全部成功才导入' }).check();
    await button(page, '开始导入').click();
    await page.getByText(`已导入 ${roster.rows} 行`).waitFor({ timeout: 120_000 });
    await shot(page, '05-import-done');
  });

  it('creates a 邻长 position', async () => {
    await page.goto('/organisation/positions');
    await button(page, '设立职务').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select', { hasText: '五里堆社区' }).first().waitFor();
    await dialog.locator('.ant-select', { hasText: '邻长' }).first().waitFor();
    await dialog.getByLabel('姓名', { exact: true }).fill(CHIEF);
    await dialog.getByLabel(/^电话/).fill('13807320001');
    await button(dialog, '保存').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: CHIEF }).waitFor();
    await shot(page, '06-positions');
  });

  it('assigns every household to him on a 375 px phone', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      baseURL: server.baseUrl,
      storageState: await desk.storageState(),
    });
    phone.setDefaultTimeout(STEP_MS);
    const mobile = await phone.newPage();
    await mobile.goto('/organisation/assign');
    await mobile.locator('.adm-list-item', { hasText: CHIEF }).click();
    await mobile.getByTestId('span-status').waitFor();
    await shot(mobile, '07-assign-chief');
    await mobile.getByRole('button', { name: '添加住户' }).click();
    const selectAll = mobile.getByText(/全选（\d+ 户）/);
    await selectAll.waitFor();
    const count = Number(/（(\d+) 户）/.exec((await selectAll.textContent()) ?? '')?.[1]);
    expect(count).toBe(8);
    await selectAll.click();
    await shot(mobile, '08-assign-candidates');
    await mobile.getByRole('button', { name: `确认分配 ${count} 户` }).click();
    // A span warning opens a dialog; within span a toast says it is done.
    const warning = mobile.getByRole('button', { name: '知道了' });
    if (await warning.isVisible({ timeout: 2000 }).catch(() => false)) await warning.click();
    await mobile.locator('.adm-popup-body').first().waitFor({ state: 'hidden' });
    await expectText(mobile.getByTestId('span-status'), `${count} 户`);
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(mobile, '09-assign-done');

    await mobile.goto('/organisation/coverage');
    await expectText(mobile.getByTestId('coverage-percentage'), '覆盖率 100%');
    await shot(mobile, '10-coverage-phone');
    await phone.close();
  });

  it('shows 100 % coverage on the desktop report', async () => {
    await page.goto('/organisation/coverage');
    await expectText(page.getByTestId('coverage-percentage'), '覆盖率 100%');
    await expectText(page.getByTestId('coverage-percentage'), '已联系 8 / 8 户');
    await shot(page, '11-coverage');
  });
});
