import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { givenCommunity, WULIDUI, XINJI } from '../../../test/factories.ts';
import { createTestDatabase } from '../../../test/test-db.ts';
import { createFieldCrypto, maskPhone } from '../../platform/crypto.ts';
import { createScheduler } from '../../platform/scheduler/index.ts';
import {
  developmentChannels,
  dispatchOutbox,
  notify,
  OUTBOX_JOB,
  type OutboundChannel,
  type OutboundMessage,
  scheduleOutboxDispatch,
} from './index.ts';
import { MAX_ATTEMPTS } from './outbox-dispatcher.ts';

describe('outbox dispatcher', async () => {
  const { db } = await createTestDatabase();
  const crypto = createFieldCrypto(Buffer.from('dispatcher-test-secret'));
  const a = await givenCommunity(db, WULIDUI);
  const b = await givenCommunity(db, XINJI);
  // The administrators hold an admin position; give it a phone so notify queues an SMS.
  for (const [phone, userId] of [
    ['13900001111', a.userId],
    ['13900002222', b.userId],
  ] as const) {
    await db
      .updateTable('position')
      .set({ phoneEnc: crypto.encrypt(phone), phoneMasked: maskPhone(phone) })
      .where('holderUserId', '=', userId)
      .execute();
  }
  const queue = (districtId: string, userId: string, title: string) =>
    notify(db, { districtId, recipientUserIds: [userId], event: 'test', title, body: '正文' });
  const messages = () =>
    db.selectFrom('outboxMessage').selectAll().orderBy('createdAt').orderBy('districtId').execute();

  it('sends pending messages of every district through the development channel exactly once', async () => {
    await queue(a.districtId, a.userId, '一');
    await queue(b.districtId, b.userId, '二');
    expect(await dispatchOutbox(db, developmentChannels())).toBe(2);
    const rows = await messages();
    expect(rows.map((r) => [r.districtId, r.status, r.attempts, r.deliveredVia])).toEqual([
      [a.districtId, 'sent', 1, 'dev-outbox'],
      [b.districtId, 'sent', 1, 'dev-outbox'],
    ]);
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);
    expect(await dispatchOutbox(db, developmentChannels())).toBe(0);
  });

  it('hands a real channel the encrypted address and retries a failing send until it gives up', async () => {
    await db.deleteFrom('outboxMessage').execute();
    await queue(a.districtId, a.userId, '重试');
    const received: OutboundMessage[] = [];
    const failing: OutboundChannel = {
      name: 'sms',
      deliveredVia: 'test-gateway',
      send: async (msg) => {
        received.push(msg);
        throw new Error('网关超时');
      },
    };
    let now = new Date();
    expect(await dispatchOutbox(db, [failing], now)).toBe(0);
    expect(crypto.decrypt(received[0]!.recipientEnc)).toBe('13900001111');
    let [row] = await messages();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, error: '网关超时' });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    // Not due yet: nothing is tried again.
    await dispatchOutbox(db, [failing], now);
    expect(received).toHaveLength(1);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      now = new Date(now.getTime() + 60 * 60_000);
      await dispatchOutbox(db, [failing], now);
    }
    [row] = await messages();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sentAt: null });
    expect(received).toHaveLength(MAX_ATTEMPTS);
    await dispatchOutbox(db, [failing], new Date(now.getTime() + 24 * 3600_000));
    expect(received).toHaveLength(MAX_ATTEMPTS);
  });

  it('keeps a message for a retry when no channel of its kind is configured', async () => {
    await db.deleteFrom('outboxMessage').execute();
    await queue(a.districtId, a.userId, '无通道');
    await dispatchOutbox(db, []);
    const [row] = await messages();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, error: '没有配置 sms 通道' });
  });

  it('treats a message queued within the millisecond `now` names as due', async () => {
    await db.deleteFrom('outboxMessage').execute();
    await queue(a.districtId, a.userId, '同一毫秒');
    await db
      .updateTable('outboxMessage')
      .set({ nextAttemptAt: sql<Date>`'2026-11-30 08:00:00.000900+08'::timestamptz` })
      .execute();
    expect(await dispatchOutbox(db, developmentChannels(), new Date('2026-11-30T00:00:00.000Z'))).toBe(1);
  });

  it('never sends one message twice when two dispatchers run at once', async () => {
    await db.deleteFrom('outboxMessage').execute();
    for (const i of [1, 2, 3, 4]) await queue(a.districtId, a.userId, `并发${i}`);
    const sentIds: string[] = [];
    const slow: OutboundChannel = {
      name: 'sms',
      deliveredVia: 'slow',
      send: async (msg) => {
        sentIds.push(msg.id);
        await new Promise((r) => setTimeout(r, 50));
      },
    };
    const counts = await Promise.all([dispatchOutbox(db, [slow]), dispatchOutbox(db, [slow])]);
    expect(counts[0] + counts[1]).toBe(4);
    expect(new Set(sentIds).size).toBe(4);
    expect(sentIds).toHaveLength(4);
  });

  it('runs as a scheduled job', async () => {
    await db.deleteFrom('outboxMessage').execute();
    await queue(b.districtId, b.userId, '定时');
    const scheduler = createScheduler(db, () => {});
    scheduleOutboxDispatch(scheduler, db, developmentChannels());
    expect(await scheduler.runNow(OUTBOX_JOB)).toBe(true);
    const [row] = await messages();
    expect(row).toMatchObject({ status: 'sent', deliveredVia: 'dev-outbox' });
  });
});
