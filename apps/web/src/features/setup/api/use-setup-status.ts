import { getSetupStatus } from '@gongzhi/contract/setup';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';

export const setupStatusKey = ['setup', 'status'] as const;

/** Whether first-run setup is done; while the national divisions are still loading it polls every 3 s. */
export function useSetupStatus() {
  return useQuery({
    queryKey: setupStatusKey,
    queryFn: () => call(getSetupStatus),
    refetchInterval: (query) =>
      query.state.data && !query.state.data.divisionsReady && !query.state.data.isSetupDone ? 3000 : false,
  });
}
