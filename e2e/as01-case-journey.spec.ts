import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './lib/browser.ts';
import { DemoJourney, STEP_MS } from './lib/demo-journey.ts';

/** A 2×2 PNG: the photo of the stained ceiling and of the repaired pipe. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const journey = new DemoJourney();
const pages = journey.pages;
let caseNo = '';
let caseUrl = '';
const userBrowser = (username: string, device: 'phone' | 'desk') => journey.as(username, device);

/** The action button on the case page, then the same button inside its dialog. */
async function act(page: Page, label: string, fill: Record<string, string> = {}) {
  const name = new RegExp([...label].join('\\s*'));
  await page.getByRole('button', { name }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [field, value] of Object.entries(fill)) await dialog.getByLabel(field).fill(value);
  await dialog.getByRole('button', { name }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function expectState(page: Page, state: string) {
  await expect
    .poll(() => page.getByTestId('detail-state').textContent(), { timeout: STEP_MS, interval: 250 })
    .toContain(state);
}

async function openCase(page: Page) {
  await page.goto(caseUrl);
  await page.getByTestId('detail-case-no').waitFor();
}

const text = (locator: Locator) => locator.first().textContent();

describe('AS-01: 余成 reports 李德厚’s leak for him, 两委 dispatch a repair worker, 余成 verifies, 李德厚 rates', () => {
  beforeAll(() => journey.start());
  afterEach((context) => journey.screenshotsOnFailure('as01', context));
  afterAll(() => journey.stop());

  it('邻长 余成 files the case for 李德厚 from his phone, with a photo, and gets a number at once', async () => {
    const page = await userBrowser('yucheng', 'phone');
    await page.goto('/cases/report');
    await page.getByText('房屋维修').click();
    await page.getByText('房屋渗漏').click();
    await page
      .getByRole('textbox')
      .first()
      .fill('楼上301卫生间漏水，李德厚家天花板一直滴水，墙面发霉，两家有矛盾');
    await page.getByText('代住户报').click();
    await page.getByText('选择住户').click();
    await page.locator('.adm-popup .adm-list-item', { hasText: '李德厚' }).first().click();
    await page.getByText('紧急', { exact: true }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'ceiling.png', mimeType: 'image/png', buffer: PHOTO });
    await page.locator('.adm-image-uploader-cell img').first().waitFor();
    await shot(page, 'as01-01-report');
    await page.locator('.gz-case-big-button', { hasText: '提交' }).click();
    caseNo = ((await text(page.getByTestId('case-no'))) ?? '').replace(/\s/g, '');
    expect(caseNo).toMatch(/^430304008004-\d{8}-\d{4}$/);
    await shot(page, 'as01-02-case-number');
    await page.getByText('查看办理进度').click();
    await page.getByTestId('detail-case-no').waitFor();
    caseUrl = new URL(page.url()).pathname;
    await expectState(page, '待签收');
  });

  it('余成 signs it and, beyond his means, passes it up to the community', async () => {
    const page = pages.yucheng!;
    await act(page, '签收');
    await expectState(page, '已签收');
    // The dispute's other party: the flat upstairs, told how the case ended when it closes.
    await page.getByText('登记相关方（如楼上住户）').click();
    await page.locator('.adm-popup .adm-list-item', { hasText: '301' }).first().click();
    await page.getByText('已登记相关方，办结时会告知对方').waitFor();
    await page.locator('.gz-case-big-button', { hasText: '和谐小区23栋301室' }).waitFor();
    await act(page, '上报社区', { 上报原因: '漏水要专业维修，还涉及楼上住户，需要社区协调' });
    await expectState(page, '待社区分拨');
    await shot(page, 'as01-03-passed-up');
  });

  it('the 两委 duty officer finds it on the triage board and dispatches it to the repair worker’s account', async () => {
    const page = await userBrowser('demo', 'desk');
    await page.goto('/cases/triage');
    await page.locator('.ant-table-row', { hasText: '漏水' }).first().click();
    await page.getByTestId('detail-case-no').waitFor();
    await page
      .getByRole('button', { name: /派\s*单/ })
      .first()
      .click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '派给系统内账号' });
    await dialog.waitFor();
    await dialog.getByLabel('派给系统内账号').click();
    await dialog.getByLabel('派给系统内账号').fill('weixiu');
    await page.locator('.ant-select-item-option', { hasText: 'weixiu' }).first().click();
    await shot(page, 'as01-04-dispatch');
    await dialog.getByRole('button', { name: /派\s*单/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await openCase(page);
    await expectState(page, '已派单');
  });

  it('the repair worker sees a job view with only address, contact and description, repairs and reports back with a photo', async () => {
    const page = await userBrowser('weixiu', 'phone');
    await page.goto('/cases/inbox');
    await page.locator('.adm-list-item', { hasText: '漏水' }).first().click();
    await page.getByTestId('detail-case-no').waitFor();
    const view = (await page.locator('body').textContent()) ?? '';
    // Address, the contact he must call (in clear while the job is open) and the description — nothing else:
    // not who filed it, no ID numbers, no other members of the household.
    expect(view).toContain('和谐小区23栋201室');
    expect(view).toContain('天花板');
    expect(view).toMatch(/联系电话：?\s*1\d{10}/);
    expect(view).not.toContain('余成');
    expect(view).not.toMatch(/\d{6}\*{8}[\dX]{4}/);
    await shot(page, 'as01-05-job-view');
    await act(page, '接单办理');
    await expectState(page, '办理中');
    await page
      .getByRole('button', { name: /办\s*理\s*反\s*馈/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('办理情况')
      .fill('已上门检查：301卫生间防水层破损，已重做防水并更换管件，试水48小时无渗漏');
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: 'repaired.png', mimeType: 'image/png', buffer: PHOTO });
    await dialog.locator('img').first().waitFor();
    await dialog.getByRole('button', { name: /办\s*理\s*反\s*馈/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectState(page, '待核查');
  });

  it('余成 verifies on site: the case waits for 李德厚’s confirmation', async () => {
    const page = pages.yucheng!;
    await openCase(page);
    await act(page, '核查通过', { 核查情况: '上门查看，天花板已不再滴水' });
    await expectState(page, '待居民确认');
  });

  it('李德厚 confirms on his own phone: solved and satisfied; the case closes, not counted as handled locally', async () => {
    const page = await userBrowser('lidehou', 'phone');
    await page.goto('/cases/mine');
    await page.locator('.adm-list-item', { hasText: '漏水' }).first().click();
    await page.getByTestId('detail-case-no').waitFor();
    await page
      .getByRole('button', { name: /评\s*价/ })
      .first()
      .click();
    await page.getByText('问题解决了吗？').waitFor();
    await page.getByRole('button', { name: '解决了' }).click();
    await page.getByRole('button', { name: '满意', exact: true }).click();
    await shot(page, 'as01-06-rate');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('谢谢您的评价').waitFor();
    await page.getByText('回到诉求').click();
    await expectState(page, '已办结');
    await shot(page, 'as01-07-closed');

    // The record behind the pages: closed, rated by the resident himself, dispatched (not 就地解决), photos kept.
    const api = pages.demo!.context().request;
    const list = await (await api.get(`/api/v1/cases?limit=50`)).json();
    const summary = list.items.find((c: { caseNo: string }) => c.caseNo === caseNo);
    const detail = await (await api.get(`/api/v1/cases/${summary.id}`)).json();
    expect(detail).toMatchObject({
      state: 'CLOSED',
      handledLocally: false,
      channel: 'proxy',
      urgency: 'urgent',
    });
    expect(detail.ratings).toMatchObject([{ resolved: true, satisfaction: 4, isProxyRating: false }]);
    expect(detail.relatedHousehold).toMatchObject({ address: '和谐小区23栋301室' });
    expect(detail.timeline.map((e: { action: string }) => e.action)).toContain('related_party_informed');
    expect(detail.timeline.flatMap((e: { attachments: unknown[] }) => e.attachments)).toHaveLength(2);
  });
});
