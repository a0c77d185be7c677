import type { Resident } from '@gongzhi/contract/people';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useResidentSearch } from '../api/use-accounts.ts';

/** Searches the registry (name, ID number or mobile) for the resident a 居民账号 belongs to. */
export function ResidentSelect({
  value,
  onChange,
  onPick,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** The whole resident, e.g. to suggest the account's display name. */
  onPick?: (resident: Resident) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const residents = useResidentSearch(q);
  const items = residents.data?.items ?? [];
  return (
    <Select
      allowClear
      value={value}
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={t('accounts.residentSearch')}
      loading={residents.isFetching}
      onChange={(id: string | undefined) => {
        onChange?.(id);
        const picked = items.find((r) => r.id === id);
        if (picked) onPick?.(picked);
      }}
      notFoundContent={
        residents.error
          ? errorMessage(residents.error)
          : q
            ? t('accounts.residentNoMatch')
            : t('accounts.residentTypeToSearch')
      }
      options={items.map((r) => ({
        value: r.id,
        label: [r.name, t('accounts.householdNo', { no: r.householdNo }), r.idNoMasked ?? r.phoneMasked]
          .filter(Boolean)
          .join('　'),
      }))}
    />
  );
}
