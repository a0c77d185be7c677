import { loadDemo } from '@gongzhi/contract/setup';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { setupStatusKey } from './use-setup-status.ts';

/** Loads the five seed communities; answers the demo login to show the person. */
export function useLoadDemo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(loadDemo),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: setupStatusKey }),
  });
}
