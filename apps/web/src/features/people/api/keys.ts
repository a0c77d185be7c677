/** Query keys of the people feature; every mutation invalidates the whole `people` prefix (and territory counts). */
export const peopleKeys = {
  all: ['people'] as const,
  households: (filter: object) => ['people', 'households', filter] as const,
  household: (id: string) => ['people', 'household', id] as const,
  residents: (filter: object) => ['people', 'residents', filter] as const,
  resident: (id: string) => ['people', 'resident', id] as const,
  events: (id: string) => ['people', 'resident', id, 'events'] as const,
  consents: (id: string) => ['people', 'resident', id, 'consents'] as const,
  tags: ['people', 'tags'] as const,
};
