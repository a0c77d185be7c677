import jsQR from 'jsqr';
import type { APIRequestContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './lib/browser.ts';
import { DemoJourney, STEP_MS } from './lib/demo-journey.ts';

const TITLE = '23栋楼道加装扶手';
/** The online vote closes this long after it opens: the members vote, then the 两委 close it. */
const VOTE_WINDOW_MS = 45_000;

const journey = new DemoJourney();
const pages = journey.pages;
let topicUrl = '';
let topicId = '';
let voteClosesAt = 0;
const userBrowser = (username: string, device: 'phone' | 'desk') => journey.as(username, device);

/** The 两委's own session, for the steps whose forms are date-time ranges (called through the same API). */
async function api(page: Page): Promise<{ request: APIRequestContext; headers: Record<string, string> }> {
  const request = page.context().request;
  const session = await (await request.get('/api/v1/session')).json();
  return { request, headers: { 'x-csrf-token': session.csrfToken } };
}

async function topicState(page: Page) {
  const { request } = await api(page);
  return (await (await request.get(`/api/v1/deliberation/topics/${topicId}`)).json()).state as string;
}

/** The next council day: the first Friday of this month if still ahead (Asia/Shanghai), else of next month. */
function nextFirstFriday(now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  for (let add = 0; add < 2; add++) {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 + add, 1));
    while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    if (day > today) return day;
  }
  throw new Error('unreachable');
}

describe('deliberation: a resident raises a topic → 两委 accept → next first Friday → online vote → published → she sees it', () => {
  beforeAll(() => journey.start());
  afterEach((context) => journey.screenshotsOnFailure('delib', context));
  afterAll(() => journey.stop());

  it('李德厚 raises a topic on his phone', async () => {
    const page = await userBrowser('lidehou', 'phone');
    await page.goto('/deliberation/propose');
    await page.getByPlaceholder('一句话说明要商量的事').fill(TITLE);
    await page
      .getByPlaceholder('现在的情况、各方的想法、希望怎么解决')
      .fill('楼里老人多，楼梯没有扶手，上下楼容易摔倒，想请大家商量加装扶手和费用分摊');
    await page.getByRole('button', { name: '提交议题' }).click();
    await page.getByText('议题已提交，两委审事后会答复您').waitFor();
    await shot(page, 'delib-01-proposed');
    await page.getByRole('button', { name: '查看议题' }).click();
    await page.waitForURL(/\/deliberation\/topics\/[0-9a-f-]{36}$/);
    topicUrl = new URL(page.url()).pathname;
    topicId = topicUrl.split('/').at(-1)!;
    await page.getByText('待审事').first().waitFor();
  });

  it('the 两委 set up the council and accept the topic for its agenda', async () => {
    const page = await userBrowser('demo', 'desk');
    const { request, headers } = await api(page);
    const topic = await (await request.get(`/api/v1/deliberation/topics/${topicId}`)).json();
    const users = async (q: string) =>
      (await (await request.get(`/api/v1/users?q=${q}`)).json()).items.find(
        (u: { username: string }) => u.username === q,
      ).id as string;
    const council = await request.post('/api/v1/deliberation/councils', {
      headers,
      data: {
        communityId: topic.communityId,
        name: '和谐小区居民议事会',
        leaderName: '王书记',
        members: [
          { name: '演示管理员', party: 'residents_committee', userId: await users('demo') },
          { name: '余成', party: 'resident_representative', userId: await users('yucheng') },
          { name: '阳瑶', party: 'volunteer_alliance', userId: await users('yangyao') },
        ],
      },
    });
    expect(council.status(), await council.text()).toBe(200);

    await page.goto(topicUrl);
    await page.getByRole('button', { name: /列入议程/ }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '议事会' });
    await dialog.getByLabel('议事会').click();
    await page.locator('.ant-select-item-option', { hasText: '和谐小区居民议事会' }).click();
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => topicState(page), { timeout: STEP_MS }).toBe('ACCEPTED_FOR_AGENDA');
  });

  it('it lands on the council’s next first Friday, voted online', async () => {
    const page = pages.demo!;
    await page.goto(topicUrl);
    await page.getByRole('button', { name: /排\s*期/ }).click();
    const proposal = page.locator('.ant-modal').filter({ hasText: '建议日期' });
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain(`建议日期 ${nextFirstFriday()}`);
    await shot(page, 'delib-02-schedule');
    await proposal.getByRole('button', { name: /取\s*消/ }).click();
    // The vote window is a date-time range: set through the same action the form posts.
    const { request, headers } = await api(page);
    voteClosesAt = Date.now() + VOTE_WINDOW_MS;
    const scheduled = await request.post(`/api/v1/deliberation/topics/${topicId}/actions/schedule`, {
      headers,
      data: {
        mode: 'online',
        voteOpensAt: new Date(Date.now() - 60_000).toISOString(),
        voteClosesAt: new Date(voteClosesAt).toISOString(),
      },
    });
    expect(scheduled.status(), await scheduled.text()).toBe(200);
    expect(await scheduled.json()).toMatchObject({ state: 'SCHEDULED', scheduledOn: nextFirstFriday() });
  });

  it('the members vote in the app within the window', async () => {
    for (const [username, device] of [
      ['yucheng', 'phone'],
      ['yangyao', 'phone'],
      ['demo', 'desk'],
    ] as const) {
      const page = pages[username] ?? (await userBrowser(username, device));
      await page.goto(topicUrl);
      await page.getByText('线上表决').first().waitFor();
      await page.getByRole('button', { name: /^同\s*意$/ }).click();
      await page
        .getByText(/我的表决：\s*同意|已投|同意/)
        .first()
        .waitFor();
    }
    await shot(pages.yucheng!, 'delib-03-voted');
    const { request } = await api(pages.demo!);
    const topic = await (await request.get(`/api/v1/deliberation/topics/${topicId}`)).json();
    expect(topic.ballotsCast).toBe(3);
  });

  it('after the window the 两委 close the vote, record the decision, see it done and publish it', async () => {
    const page = pages.demo!;
    await new Promise((r) => setTimeout(r, Math.max(0, voteClosesAt - Date.now() + 500)));
    await page.goto(topicUrl);
    await page.getByRole('button', { name: /结束线上表决/ }).click();
    const close = page.locator('.ant-modal').filter({ hasText: '结束线上表决' });
    await close.getByRole('button', { name: /确\s*定/ }).click();
    await close.waitFor({ state: 'hidden' });
    await expect.poll(() => topicState(page), { timeout: STEP_MS }).toBe('DELIBERATED');

    await page.getByRole('button', { name: /记录决定/ }).click();
    const decide = page.locator('.ant-modal').filter({ hasText: '决定内容' });
    await decide
      .getByLabel('决定内容')
      .fill('3 票同意通过：23栋三个单元楼道加装扶手，维修资金列支，物业负责施工');
    await decide.getByRole('button', { name: /确\s*定/ }).click();
    await decide.waitFor({ state: 'hidden' });
    await expect.poll(() => topicState(page), { timeout: STEP_MS }).toBe('DECIDED');

    const { request, headers } = await api(page);
    const implementing = await request.post(`/api/v1/deliberation/topics/${topicId}/actions/implement`, {
      headers,
      data: {
        items: [{ description: '加装楼道扶手', implementer: '物业维修部', deadline: nextFirstFriday() }],
      },
    });
    expect(implementing.status(), await implementing.text()).toBe(200);
    const item = (await implementing.json()).items[0];
    const done = await request.post(`/api/v1/deliberation/topics/${topicId}/items/${item.id}/done`, {
      headers,
      data: { note: '三个单元扶手已装好' },
    });
    expect(done.status(), await done.text()).toBe(200);

    await page.goto(topicUrl);
    await page.getByRole('button', { name: /公示结果/ }).click();
    const publish = page.locator('.ant-modal').filter({ hasText: '公示内容' });
    await publish.getByLabel('公示内容').fill('经议事会线上表决通过，23栋楼道扶手已加装完毕，欢迎监督');
    await publish.getByRole('button', { name: /确\s*定/ }).click();
    await publish.waitFor({ state: 'hidden' });
    await expect.poll(() => topicState(page), { timeout: STEP_MS }).toBe('FEEDBACK_PUBLISHED');
    await shot(page, 'delib-04-published');
  });

  it('李德厚 sees the published result on his phone, and a notification about it', async () => {
    const page = pages.lidehou!;
    await page.goto(topicUrl);
    await page.getByText('结果已公示').first().waitFor();
    await page.getByText('23栋楼道扶手已加装完毕').waitFor();
    await shot(page, 'delib-05-feedback');
    const { request } = await api(page);
    const inbox = await (await request.get('/api/v1/notifications?limit=50')).json();
    expect(JSON.stringify(inbox.items)).toContain(TITLE);
  });

  it('a council meeting: 李德厚 scans the check-in QR code the 两委 show and is checked in', async () => {
    const page = pages.demo!;
    const { request, headers } = await api(page);
    const topic = await (await request.get(`/api/v1/deliberation/topics/${topicId}`)).json();
    const lidehou = (await (await pages.lidehou!.context().request.get('/api/v1/session')).json()).user.id;
    const startsAt = Date.now() + 10 * 60_000;
    const created = await request.post('/api/v1/meetings', {
      headers,
      data: {
        nodeId: topic.communityId,
        kind: 'council',
        title: '扶手验收议事会',
        place: '社区议事厅',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 60 * 60_000).toISOString(),
        inviteeUserIds: [lidehou],
        urgentReason: '扶手已装好，请居民代表现场验收',
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const meetingId = (await created.json()).items[0].id;

    await page.goto(`/meetings/${meetingId}`);
    const qr = page.getByTestId('check-in-qr');
    await qr.waitFor();
    // Read the code off the screen as a phone camera would.
    const png = PNG.sync.read(await qr.screenshot());
    // jsqr is CommonJS: under Node's ESM its function is the module's `default` property.
    const decoded = jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(/\/meetings\/check-in\/[\w-]+$/);
    await shot(page, 'delib-06-check-in-qr');

    const phone = pages.lidehou!;
    await phone.goto(new URL(decoded!.data).pathname);
    await phone.getByText('签到成功：扶手验收议事会').waitFor();
    const meeting = await (await request.get(`/api/v1/meetings/${meetingId}`)).json();
    expect(meeting.invitees).toEqual([
      expect.objectContaining({ attendance: 'attended', checkedInVia: 'qr' }),
    ]);
  });
});
