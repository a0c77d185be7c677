import type { QueryClient } from '@tanstack/react-query';
import { peopleKeys } from './keys.ts';

/** A registry change alters lists, the record, and the 户/人 counts shown on the territory tree. */
export function invalidatePeople(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['territory'] }),
  ]);
}
