import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface Counts {
  households: number;
  residents: number;
  chiefs: number;
}

/** `12户 · 30人 · 3长` beside a tree node. */
export function InlineCounts({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
      {t('territory.countsInline', { ...counts })}
    </Typography.Text>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Flex vertical style={{ minWidth: 72, flex: '0 1 auto' }}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong style={{ fontSize: 24, lineHeight: 1.3, fontVariantNumeric: 'tabular-nums' }}>
        {value.toLocaleString()}
      </Typography.Text>
    </Flex>
  );
}

export function CountFigures({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <Flex gap={28} wrap={false}>
      <Figure label={t('territory.households')} value={counts.households} />
      <Figure label={t('territory.residents')} value={counts.residents} />
      <Figure label={t('territory.chiefs')} value={counts.chiefs} />
    </Flex>
  );
}
