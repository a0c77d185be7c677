import { expect } from 'vitest';
import { PASSWORD } from './factories.ts';
import type { TestClient } from './test-app.ts';

/**
 * Accounts, positions and 联户 links made over HTTP by an administrator, as the 账号 and 组织 pages make them.
 * `userIds` maps each username made here to its account id (pass one map to share it between districts).
 */
export function staffOf(admin: TestClient, userIds: Record<string, string> = {}) {
  async function ok(res: Awaited<ReturnType<TestClient['post']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  return {
    userIds,
    /** An account (password PASSWORD), a resident's own when `residentId` is given. */
    async user(username: string, displayName: string, residentId?: string): Promise<string> {
      const u = await ok(
        await admin.post('/api/v1/users', {
          username,
          displayName,
          password: PASSWORD,
          ...(residentId ? { residentId } : {}),
        }),
      );
      userIds[username] = u.id;
      return u.id as string;
    },
    /** A position at the node, held by the account `username` made here (or by no account), plus `extra` fields. */
    async position(
      nodeId: string,
      kind: string,
      holderName: string,
      username?: string,
      extra: Record<string, unknown> = {},
    ): Promise<string> {
      const p = await ok(
        await admin.post('/api/v1/positions', {
          nodeId,
          kind,
          holderName,
          ...(username ? { holderUserId: userIds[username] } : {}),
          ...extra,
        }),
      );
      return p.id as string;
    },
    /** Links the households to the chief's position. */
    async link(positionId: string, householdIds: readonly string[]): Promise<void> {
      await ok(await admin.post(`/api/v1/positions/${positionId}/households`, { householdIds }));
    },
  };
}
