import type { AccountKind, User } from '@gongzhi/contract/identity';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  isSuperuser: boolean;
  createdAt: Date;
  residentId: string | null;
  residentName: string | null;
  householdId: string | null;
  householdNo: string | null;
  hasPosition: boolean;
}

/** An account as the district sees it; kind follows from positions and the resident link, not a stored flag. */
export function presentUser(row: UserRow): User {
  const kind: AccountKind = row.residentId
    ? 'resident'
    : row.hasPosition || row.isSuperuser
      ? 'staff'
      : 'external';
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    kind,
    resident:
      row.residentId && row.residentName && row.householdId && row.householdNo
        ? {
            id: row.residentId,
            name: row.residentName,
            householdId: row.householdId,
            householdNo: row.householdNo,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}
