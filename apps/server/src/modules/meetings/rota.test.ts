import { describe, expect, it } from 'vitest';
import { buildRota } from './rota.ts';

const days = (n: number) => Array.from({ length: n }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`);

describe('buildRota', () => {
  it('starts with who served least recently and never puts one 户长 twice on a day', () => {
    const out = buildRota(
      [
        { positionId: 'a', lastDuty: { day: '2027-02-26', slot: 1 } },
        { positionId: 'b', lastDuty: null },
        { positionId: 'c', lastDuty: { day: '2027-02-25', slot: 2 } },
      ],
      days(2),
      2,
      () => false,
    );
    expect(out.map((d) => d.positionId)).toEqual(['b', 'c', 'a', 'b']);
  });

  it('leaves a slot empty when everyone is on leave, and skipped 户长 keep their turn', () => {
    const chiefs = ['a', 'b', 'c'].map((positionId) => ({ positionId, lastDuty: null }));
    const out = buildRota(chiefs, days(4), 1, (id, day) => id === 'a' && day <= '2027-03-02');
    expect(out.map((d) => d.positionId)).toEqual(['b', 'c', 'a', 'b']);
    expect(buildRota(chiefs, days(1), 1, () => true)).toEqual([]);
  });
});
