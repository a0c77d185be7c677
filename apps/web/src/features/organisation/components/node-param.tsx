import { Flex } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { useDefaultNode } from '../api/use-territory.ts';

/** The node a page works on, kept in `?node=` so the page can be linked; defaults to the caller's community. */
export function useNodeParam(): [string | undefined, (id: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const fallback = useDefaultNode();
  const nodeId = params.get('node') ?? fallback.data?.id;
  const setNodeId = useCallback(
    (id: string | undefined) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (id) next.set('node', id);
          else next.delete('node');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [nodeId, setNodeId];
}

export function NodeField({
  value,
  onChange,
  width = 280,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  width?: number | string;
}) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={8} style={{ maxWidth: '100%' }}>
      <span className="gz-muted" style={{ whiteSpace: 'nowrap' }}>
        {t('org.node')}
      </span>
      <TerritoryNodeSelect
        value={value}
        onChange={(id) => onChange(id)}
        allowClear={false}
        style={{ width, maxWidth: '100%' }}
      />
    </Flex>
  );
}
