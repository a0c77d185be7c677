import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, shot } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

export const DEMO_PASSWORD = 'gongzhi-demo';
export const STEP_MS = 30_000;

/**
 * A journey over the demo district with several people, each in his own browser (a 375 px phone or a
 * desktop), logged in through the login page. `start` in beforeAll, `screenshotsOnFailure` in afterEach,
 * `stop` in afterAll.
 */
export class DemoJourney {
  server!: RunningServer;
  private browser!: Browser;
  private readonly contexts: BrowserContext[] = [];
  readonly pages: Record<string, Page> = {};

  async start(): Promise<void> {
    this.server = await startServer();
    const demo = await fetch(`${this.server.baseUrl}/api/v1/setup/demo`, { method: 'POST' });
    expect(demo.status, await demo.clone().text()).toBe(200);
    this.browser = await launchBrowser();
  }

  async as(username: string, device: 'phone' | 'desk'): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: device === 'phone' ? { width: 375, height: 812 } : { width: 1366, height: 900 },
      deviceScaleFactor: device === 'phone' ? 2 : 1,
      isMobile: device === 'phone',
      hasTouch: device === 'phone',
      locale: 'zh-CN',
      baseURL: this.server.baseUrl,
    });
    context.setDefaultTimeout(STEP_MS);
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    this.pages[username] = page;
    return page;
  }

  async screenshotsOnFailure(
    prefix: string,
    context: { task: { name: string; result?: { state?: string } } },
  ) {
    if (context.task.result?.state !== 'fail') return;
    for (const [who, page] of Object.entries(this.pages))
      await shot(page, `${prefix}-fail-${who}-${context.task.name.slice(0, 12)}`).catch(() => {});
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => {});
    await this.browser?.close();
    if (this.server) {
      const code = await this.server.stop();
      expect(code, this.server.output()).toBe(0);
    }
  }
}
