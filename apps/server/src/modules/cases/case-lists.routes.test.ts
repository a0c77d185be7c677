import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, PASSWORD, WULIDUI, XINJI } from '../../../test/factories.ts';
import { buildTestApp, type TestClient } from '../../../test/test-app.ts';
import { insertNode } from '../territory/index.ts';

const HOUR = 3_600_000;
const OPEN_STATES = 'SUBMITTED,ACCEPTED,TRIAGE,DISPATCHED,IN_PROGRESS,VERIFYING,REOPENED';

interface Page {
  items: { id: string; sla: string }[];
  nextCursor: string | null;
  counts?: Record<string, number>;
}

describe('case lists: keyset pages over scope and role branches, SLA board counts', async () => {
  const t = await buildTestApp();
  const wl = await givenCommunity(t.db, WULIDUI, 'wang');
  const xj = await givenCommunity(t.db, XINJI, 'zhao');
  const D = wl.districtId;
  const admin = await t.client().login('wang', PASSWORD);
  const zhao = await t.client().login('zhao', PASSWORD);
  const category = (await admin.get('/api/v1/case-categories')).json().items[0].code as string;
  const xjCategory = (await zhao.get('/api/v1/case-categories')).json().items[0].code as string;

  const community = await t.db
    .selectFrom('territoryNode')
    .select([sql<string>`path::text`.as('path')])
    .where('districtId', '=', D)
    .where('id', '=', wl.communityId)
    .executeTakeFirstOrThrow();
  const grid = (name: string) =>
    insertNode(t.db, {
      districtId: D,
      parentId: wl.communityId,
      parentPath: community.path,
      level: 'grid',
      code: `${D}-T${Math.random().toString(36).slice(2, 10)}`,
      name,
    });
  const gridA = await grid('一网格');
  const gridB = await grid('二网格');
  const user = await admin.post('/api/v1/users', {
    username: 'wangge',
    displayName: '网格员',
    password: PASSWORD,
  });
  expect(user.statusCode, user.body).toBe(200);
  const workerId = user.json().id as string;
  const pos = await admin.post('/api/v1/positions', {
    nodeId: gridA.id,
    kind: 'grid_worker',
    holderName: '网格员',
    holderUserId: workerId,
  });
  expect(pos.statusCode, pos.body).toBe(200);
  const worker = await t.client().login('wangge', PASSWORD);
  const adminId = (
    await t.db.selectFrom('appUser').select('id').where('username', '=', 'wang').executeTakeFirstOrThrow()
  ).id;

  const now = Date.now();
  let seq = 0;
  async function insertCase(c: {
    node: { id: string; path: string };
    submittedBy: string;
    state?: string;
    started?: number;
    due?: number | null;
    unit?: string;
    slaLevel?: number;
    updated: number;
    districtId?: string;
    communityId?: string;
    category?: string;
  }) {
    seq++;
    const row = await t.db
      .insertInto('case')
      .values({
        districtId: c.districtId ?? D,
        caseNo: `T-${seq}`,
        communityId: c.communityId ?? wl.communityId,
        nodeId: c.node.id,
        nodePath: c.node.path,
        categoryCode: c.category ?? category,
        channel: 'patrol',
        urgency: 'normal',
        title: `诉求${seq}`,
        description: '测试',
        submittedBy: c.submittedBy,
        state: c.state ?? 'IN_PROGRESS',
        nodeStartedAt: new Date(now + (c.started ?? -HOUR)).toISOString(),
        dueAt: c.due === null ? null : new Date(now + (c.due ?? HOUR)).toISOString(),
        dueUnit: c.due === null ? null : (c.unit ?? 'natural_hours'),
        handleLimit: 5,
        handleUnit: 'working_days',
        slaLevel: c.slaLevel ?? 0,
        updatedAt: new Date(now + c.updated).toISOString(),
      })
      .returning(['id', 'dueAt', 'updatedAt', 'state'])
      .executeTakeFirstOrThrow();
    return row;
  }

  // In gridA (the worker's scope): every light, ties on due and on last activity, a case the worker filed
  // himself (scope and role branch both find it), a closed case and one with no clock.
  const visible = [
    await insertCase({ node: gridA, submittedBy: adminId, started: -25 * HOUR, due: -HOUR, updated: -1 }),
    await insertCase({ node: gridA, submittedBy: adminId, started: -25 * HOUR, due: -HOUR, updated: -1 }),
    await insertCase({ node: gridA, submittedBy: workerId, started: -9 * HOUR, due: HOUR, updated: -2 }),
    await insertCase({ node: gridA, submittedBy: adminId, started: -6 * HOUR, due: 4 * HOUR, updated: -3 }),
    await insertCase({ node: gridA, submittedBy: adminId, started: -6 * HOUR, due: 4 * HOUR, updated: -3 }),
    await insertCase({ node: gridA, submittedBy: adminId, started: -HOUR, due: 9 * HOUR, updated: -4 }),
    await insertCase({
      node: gridA,
      submittedBy: adminId,
      due: 30 * HOUR,
      unit: 'working_days',
      slaLevel: 50,
      updated: -5,
    }),
    await insertCase({
      node: gridA,
      submittedBy: adminId,
      due: -2 * HOUR,
      unit: 'working_hours',
      updated: -6,
    }),
    // Outside the scope but filed by the worker: the role branch.
    await insertCase({ node: gridB, submittedBy: workerId, started: -2 * HOUR, due: 8 * HOUR, updated: -7 }),
    await insertCase({ node: gridB, submittedBy: workerId, started: -3 * HOUR, due: HOUR, updated: -8 }),
  ];
  const expectedLevels: Record<string, string> = {};
  ['overdue', 'overdue', 'p80', 'p50', 'p50', 'ok', 'p50', 'overdue', 'ok', 'p50'].forEach((l, i) => {
    expectedLevels[visible[i]!.id] = l;
  });
  const closed = await insertCase({
    node: gridA,
    submittedBy: adminId,
    state: 'CLOSED',
    due: null,
    updated: -9,
  });
  const noClock = await insertCase({
    node: gridA,
    submittedBy: adminId,
    state: 'PARKED',
    due: null,
    updated: -10,
  });
  // Invisible to the worker: another's case outside his grid, and another district's.
  const hidden = await insertCase({ node: gridB, submittedBy: adminId, updated: 0 });
  const xjCommunity = await t.db
    .selectFrom('territoryNode')
    .select(['id', sql<string>`path::text`.as('path')])
    .where('districtId', '=', xj.districtId)
    .where('id', '=', xj.communityId)
    .executeTakeFirstOrThrow();
  const foreign = await insertCase({
    node: xjCommunity,
    districtId: xj.districtId,
    communityId: xj.communityId,
    category: xjCategory,
    submittedBy: workerId,
    updated: 0,
  });

  async function pageAll(client: TestClient, url: string, limit: number) {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await client.get(
        `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Page;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 50);
    return { pages, ids: pages.flatMap((p) => p.items.map((i) => i.id)) };
  }
  const byDue = (
    a: { id: string; dueAt: Date | string | null },
    b: { id: string; dueAt: Date | string | null },
  ) =>
    new Date(a.dueAt!).getTime() - new Date(b.dueAt!).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byActivity = (
    a: { id: string; updatedAt: Date | string },
    b: { id: string; updatedAt: Date | string },
  ) =>
    new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  it('pages through the SLA board with a small limit: every running case once, soonest due first, exact counts', async () => {
    const expectedCounts = { ok: 2, p50: 4, p80: 1, overdue: 3 };
    for (const limit of [1, 3, 4]) {
      const { pages, ids } = await pageAll(worker, '/api/v1/cases/sla-board', limit);
      expect(ids).toEqual([...visible].sort(byDue).map((c) => c.id));
      expect(pages.length).toBe(Math.ceil(visible.length / limit));
      for (const p of pages) {
        expect(p.counts).toEqual(expectedCounts);
        for (const i of p.items) expect(i.sla, i.id).toBe(expectedLevels[i.id]);
      }
    }
    expect((await pageAll(worker, '/api/v1/cases/sla-board', 1)).ids).not.toContain(noClock.id);
    // One light at a time pages the same way, and the counts stay the board's totals.
    for (const level of ['ok', 'p50', 'p80', 'overdue'] as const) {
      const { pages, ids: got } = await pageAll(worker, `/api/v1/cases/sla-board?level=${level}`, 1);
      expect(got).toEqual(
        [...visible]
          .filter((c) => expectedLevels[c.id] === level)
          .sort(byDue)
          .map((c) => c.id),
      );
      expect(pages[0]!.counts).toEqual(expectedCounts);
    }
    // Nothing to show still gives the counts (of a community with no running case in this district: none).
    const empty = await admin.get(`/api/v1/cases/sla-board?communityId=${xj.communityId}`);
    expect(empty.json()).toEqual({
      items: [],
      nextCursor: null,
      counts: { ok: 0, p50: 0, p80: 0, overdue: 0 },
    });
    expect((await admin.get('/api/v1/cases/sla-board?cursor=not-ours')).statusCode).toBe(400);
  });

  it('pages the work queue newest activity first over scope and role branches, each case once', async () => {
    const open = [...visible].sort(byActivity).map((c) => c.id);
    for (const limit of [1, 2, 3]) {
      const { ids } = await pageAll(worker, `/api/v1/cases?state=${OPEN_STATES}`, limit);
      expect(ids).toEqual(open);
    }
    // Every state: the closed and the parked case join; the hidden and foreign ones never do.
    const all = await pageAll(worker, '/api/v1/cases', 2);
    expect(all.ids).toEqual([...visible, closed, noClock].sort(byActivity).map((c) => c.id));
    expect(all.ids).not.toContain(hidden.id);
    expect(all.ids).not.toContain(foreign.id);
    // The admin's community scope sees the hidden case too; "mine" is the worker's three filings.
    expect((await pageAll(admin, `/api/v1/cases?state=${OPEN_STATES}`, 4)).ids).toContain(hidden.id);
    const mine = await pageAll(worker, '/api/v1/cases/mine', 1);
    expect(new Set(mine.ids)).toEqual(new Set([visible[2]!.id, visible[8]!.id, visible[9]!.id]));
  });
});
