import { listUsers } from '@gongzhi/contract/identity';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { call } from '../../../lib/api-client.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';

/** Searches the district's accounts by name; `extra` offers known people (invitees) before any search. */
export function UserSelect({
  value,
  onChange,
  mode,
  extra = [],
  placeholder,
}: {
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  mode?: 'multiple';
  extra?: { id: string; name: string }[];
  placeholder?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 300);
  const users = useQuery({
    queryKey: ['meetings', 'users', q],
    queryFn: () => call(listUsers, { query: { q: q || undefined } }),
    retry: false,
  });
  const options = new Map<string, string>(extra.map((e) => [e.id, e.name]));
  for (const u of users.data?.items ?? []) options.set(u.id, u.displayName);
  return (
    <Select
      value={value}
      onChange={onChange}
      mode={mode}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={placeholder}
      options={[...options].map(([id, name]) => ({ value: id, label: name }))}
      style={{ width: '100%' }}
    />
  );
}
