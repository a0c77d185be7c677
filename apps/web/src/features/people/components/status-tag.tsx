import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { active: 'green', moved_out: 'default', deceased: 'default' };

/** 在册 / 已迁出 / 已故. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`enum.status.${status}`)}
    </Tag>
  );
}

export function ResidentTagChips({
  tags,
}: {
  tags: { code: string; nameZh: string; isSensitive: boolean }[];
}) {
  if (tags.length === 0) return null;
  return (
    <>
      {tags.map((tag) => (
        <Tag
          key={tag.code}
          color={tag.isSensitive ? 'orange' : 'blue'}
          bordered={false}
          style={{ marginInlineEnd: 4 }}
        >
          {tag.nameZh}
        </Tag>
      ))}
    </>
  );
}
