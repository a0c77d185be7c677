/** One 户长 eligible for the roll-call, with the last day and slot he was on the rota (null if never). */
export interface RotaChief {
  positionId: string;
  lastDuty: { day: string; slot: number } | null;
}

export interface RotaAssignment {
  day: string;
  slot: number;
  positionId: string;
}

/**
 * Fair round-robin over the 户长: the queue starts with those who served least recently (never first, in the
 * given order), so a month continues where the previous one stopped; each slot takes the first one in the
 * queue not on leave that day and not already on duty that day, who then goes to the back. A 户长 skipped
 * for leave keeps his place at the front and takes the next slot he is free for.
 */
export function buildRota(
  chiefs: readonly RotaChief[],
  workingDays: readonly string[],
  perDay: number,
  isOnLeave: (positionId: string, day: string) => boolean,
): RotaAssignment[] {
  const queue = chiefs
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const x = a.c.lastDuty;
      const y = b.c.lastDuty;
      if (!x || !y) return x ? 1 : y ? -1 : a.i - b.i;
      return x.day === y.day ? x.slot - y.slot : x.day < y.day ? -1 : 1;
    })
    .map(({ c }) => c.positionId);
  const out: RotaAssignment[] = [];
  for (const day of workingDays) {
    const today = new Set<string>();
    for (let slot = 1; slot <= perDay; slot++) {
      const at = queue.findIndex((id) => !today.has(id) && !isOnLeave(id, day));
      if (at < 0) break;
      const [id] = queue.splice(at, 1) as [string];
      queue.push(id);
      today.add(id);
      out.push({ day, slot, positionId: id });
    }
  }
  return out;
}
