/** Query keys of the territory feature; every mutation invalidates the whole `territory` prefix. */
export const territoryKeys = {
  all: ['territory'] as const,
  roots: (includeRetired: boolean) => ['territory', 'roots', includeRetired] as const,
  children: (id: string, includeRetired: boolean) => ['territory', 'children', id, includeRetired] as const,
  node: (id: string) => ['territory', 'node', id] as const,
  search: (q: string) => ['territory', 'search', q] as const,
  template: (communityId: string) => ['territory', 'template', communityId] as const,
};
