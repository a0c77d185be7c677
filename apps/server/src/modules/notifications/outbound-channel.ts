/** One queued message as a channel receives it; the address stays encrypted until a real channel needs it. */
export interface OutboundMessage {
  id: string;
  districtId: string;
  channel: 'sms' | 'wechat';
  recipientUserId: string;
  /** Phone number or WeChat openid, encrypted with platform/crypto.ts. */
  recipientEnc: Buffer;
  recipientMasked: string;
  body: string;
}

/**
 * A way out of the system (SMS gateway, WeChat service account). `send` resolves once the provider accepted the
 * message and throws otherwise; the dispatcher retries, so a provider call should be idempotent on `msg.id`.
 */
export interface OutboundChannel {
  name: 'sms' | 'wechat';
  /** Recorded on each sent message as where it went, e.g. `dev-outbox`. */
  deliveredVia: string;
  send(msg: OutboundMessage): Promise<void>;
}

/** 开发发件箱: accepts every message and sends nothing; the outbox page shows what would have gone out. */
export function developmentChannels(): OutboundChannel[] {
  return (['sms', 'wechat'] as const).map((name) => ({
    name,
    deliveredVia: 'dev-outbox',
    send: async () => {},
  }));
}
