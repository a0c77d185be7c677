import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';

/** The "load more" footer of a keyset-paginated list. */
export function LoadMore({
  hasMore,
  isLoading,
  onLoadMore,
  count,
}: {
  hasMore: boolean;
  isLoading: boolean;
  onLoadMore: () => void;
  count: number;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="center" style={{ padding: '12px 0' }}>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={isLoading}>
          {t('common.loadMore')}
        </Button>
      ) : (
        count > 0 && <span className="gz-muted">{t('common.allLoaded', { count })}</span>
      )}
    </Flex>
  );
}
