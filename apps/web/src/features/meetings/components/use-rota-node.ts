import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { businessToday } from '../../../lib/business-day.ts';
import { useSession } from '../../../lib/session.ts';

/**
 * Node and month of the rota pages, kept in the URL; the node defaults to where the caller holds a 户长 position,
 * else her first position.
 */
export function useRotaParams() {
  const [params, setParams] = useSearchParams();
  const { session } = useSession();
  const positions = session?.positions ?? [];
  const fallback = (positions.find((p) => p.kind === 'household_chief') ?? positions[0])?.nodeId;
  const nodeId = params.get('node') ?? fallback;
  const month = params.get('month') ?? businessToday().format('YYYY-MM');
  const update = useCallback(
    (next: { node?: string; month?: string; to?: string }) =>
      setParams(
        (previous) => {
          const merged = new URLSearchParams(previous);
          for (const [k, v] of Object.entries(next)) if (v) merged.set(k, v);
          return merged;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { nodeId, month, update };
}
