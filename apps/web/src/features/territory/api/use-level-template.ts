import { getLevelTemplate } from '@gongzhi/contract/territory';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../lib/api-client.ts';
import { territoryKeys } from './keys.ts';

export function useLevelTemplate(communityId: string | undefined) {
  return useQuery({
    queryKey: territoryKeys.template(communityId ?? ''),
    queryFn: () => call(getLevelTemplate, { params: { communityId: communityId ?? '' } }),
    enabled: Boolean(communityId),
  });
}
