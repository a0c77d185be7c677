import { completeSetup } from '@gongzhi/contract/setup';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CallInput, call } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/session.ts';
import { setupStatusKey } from './use-setup-status.ts';

/** Creates the administrator and the community; the answer is a logged-in session. */
export function useCompleteSetup() {
  const { adopt } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CallInput<typeof completeSetup>['body']) => call(completeSetup, { body }),
    onSuccess: (session) => {
      adopt(session);
      queryClient.setQueryData(setupStatusKey, { isSetupDone: true, divisionsReady: true });
    },
  });
}
