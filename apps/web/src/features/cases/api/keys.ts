/** Query keys of the cases feature; every action invalidates the whole `cases` prefix (lists and details). */
export const caseKeys = {
  all: ['cases'] as const,
  categories: ['cases', 'categories'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  inbox: ['cases', 'inbox'] as const,
  mine: ['cases', 'mine'] as const,
  community: (states: string) => ['cases', 'community', states] as const,
  sla: (level: string) => ['cases', 'sla', level] as const,
  households: (mine: boolean, q: string) => ['cases', 'households', mine, q] as const,
  users: (q: string) => ['cases', 'users', q] as const,
};
