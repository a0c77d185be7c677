import {
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { TerritoryNode } from '@gongzhi/contract/territory';
import { App, Breadcrumb, Button, Card, Descriptions, Dropdown, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { EmptyState, ErrorState, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useRetireTerritoryNode } from '../api/use-retire-territory-node.ts';
import { useTerritoryChildren } from '../api/use-territory-children.ts';
import { useTerritoryNode } from '../api/use-territory-node.ts';
import { CountFigures, InlineCounts } from './node-counts.tsx';
import { AddChildDialog, MoveDialog, RenameDialog } from './node-dialogs.tsx';

type Dialog = 'add' | 'rename' | 'move' | null;

/** The selected node: where it sits, its counts, its children and what the user may do with it. */
export function NodeDetail({ nodeId, onSelect }: { nodeId: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const detail = useTerritoryNode(nodeId);
  const children = useTerritoryChildren(nodeId);
  const retire = useRetireTerritoryNode();
  const [dialog, setDialog] = useState<Dialog>(null);

  if (detail.isLoading)
    return (
      <Card>
        <LoadingBlock rows={8} />
      </Card>
    );
  if (detail.error || !detail.data)
    return (
      <Card>
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      </Card>
    );

  const { node, ancestors } = detail.data;
  const community = node.level === 'community' ? node : ancestors.find((a) => a.level === 'community');
  const isLocal = node.level !== 'district' && node.level !== 'subdistrict' && node.level !== 'community';
  const canManage = can('territory.manage') && node.isActive;
  const canAddChild =
    canManage && node.level !== 'district' && node.level !== 'subdistrict' && node.level !== 'dwelling';

  const handleRetire = () =>
    modal.confirm({
      title: t('territory.retireTitle', { name: node.name }),
      content: t('territory.retireBody'),
      okText: t('territory.retire'),
      okButtonProps: { danger: true },
      onOk: () =>
        retire.mutateAsync(node.id).then(
          () => {
            message.success(t('territory.retiredDone', { name: node.name }));
          },
          (error: Error) => {
            modal.error({ title: t('territory.retireRefused'), content: error.message });
          },
        ),
    });

  const moreItems = [
    {
      key: 'rename',
      icon: <EditOutlined />,
      label: t('territory.rename'),
      onClick: () => setDialog('rename'),
    },
    ...(isLocal
      ? [
          {
            key: 'move',
            icon: <DragOutlined />,
            label: t('territory.move'),
            onClick: () => setDialog('move'),
          },
        ]
      : []),
    ...(isLocal
      ? [
          {
            key: 'retire',
            icon: <DeleteOutlined />,
            danger: true,
            label: t('territory.retire'),
            onClick: handleRetire,
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <Card>
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[...ancestors, { id: node.id, name: node.name, isInScope: false, level: node.level }].map(
            (a) => ({
              title: a.isInScope ? (
                <Typography.Link onClick={() => onSelect(a.id)}>{a.name}</Typography.Link>
              ) : (
                <span>{a.name}</span>
              ),
            }),
          )}
        />
        <Flex justify="space-between" align="flex-start" wrap gap={12}>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {node.name}
              </Typography.Title>
              <Tag color="red" bordered={false}>
                {node.levelName}
              </Tag>
              {!node.isActive && <Tag>{t('territory.retired')}</Tag>}
            </Flex>
            <Typography.Text type="secondary" className="gz-mono" copyable={{ text: node.code }}>
              {node.code}
            </Typography.Text>
          </Flex>
          <Flex gap={8} wrap>
            <Button icon={<TeamOutlined />} onClick={() => navigate(`/households?nodeId=${node.id}`)}>
              {t('territory.viewHouseholds')}
            </Button>
            {canAddChild && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('add')}>
                {t('territory.addChild')}
              </Button>
            )}
            {canManage && node.level === 'community' && (
              <Button
                icon={<SettingOutlined />}
                onClick={() => navigate(`/territory/communities/${node.id}/template`)}
              >
                {t('territory.template')}
              </Button>
            )}
            {canManage && isLocal && (
              <Dropdown menu={{ items: moreItems }} trigger={['click']}>
                <Button>{t('common.more')}</Button>
              </Dropdown>
            )}
          </Flex>
        </Flex>
        <div style={{ marginTop: 20 }}>
          <CountFigures counts={node.counts} />
        </div>
        <Descriptions size="small" column={isMobile ? 1 : 3} style={{ marginTop: 20 }}>
          <Descriptions.Item label={t('territory.validFrom')}>{formatDate(node.validFrom)}</Descriptions.Item>
          {node.validTo && (
            <Descriptions.Item label={t('territory.validTo')}>{formatDate(node.validTo)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('territory.childCount')}>{node.childCount}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('territory.children')} styles={{ body: { padding: isMobile ? 12 : 0 } }}>
        {children.error ? (
          <ErrorState error={children.error} onRetry={() => void children.refetch()} />
        ) : isMobile ? (
          children.isLoading ? (
            <LoadingBlock />
          ) : (children.data?.items.length ?? 0) === 0 ? (
            <EmptyState description={t('territory.noChildren')} />
          ) : (
            <Flex vertical>
              {children.data?.items.map((c) => (
                <Flex
                  key={c.id}
                  justify="space-between"
                  align="center"
                  className="gz-clickable"
                  onClick={() => onSelect(c.id)}
                  style={{ padding: '10px 4px', borderBottom: '1px solid #f0f0f0' }}
                >
                  <Flex vertical>
                    <span>
                      {c.name} <Tag bordered={false}>{c.levelName}</Tag>
                    </span>
                    <InlineCounts counts={c.counts} />
                  </Flex>
                  <span className="gz-muted">›</span>
                </Flex>
              ))}
            </Flex>
          )
        ) : (
          <Table<TerritoryNode>
            rowKey="id"
            size="middle"
            loading={children.isLoading}
            dataSource={children.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <EmptyState description={t('territory.noChildren')} /> }}
            onRow={(record) => ({ onClick: () => onSelect(record.id), className: 'gz-clickable' })}
            columns={[
              {
                title: t('territory.name'),
                dataIndex: 'name',
                render: (name: string) => (
                  <Typography.Link style={{ whiteSpace: 'nowrap' }}>{name}</Typography.Link>
                ),
              },
              { title: t('territory.level'), dataIndex: 'levelName', width: 90 },
              {
                title: t('territory.code'),
                dataIndex: 'code',
                render: (code: string) => (
                  <span className="gz-mono" style={{ whiteSpace: 'nowrap' }}>
                    {code}
                  </span>
                ),
              },
              {
                title: t('territory.households'),
                width: 80,
                align: 'right',
                render: (_, r) => r.counts.households,
              },
              {
                title: t('territory.residents'),
                width: 80,
                align: 'right',
                render: (_, r) => r.counts.residents,
              },
              { title: t('territory.chiefs'), width: 80, align: 'right', render: (_, r) => r.counts.chiefs },
            ]}
          />
        )}
        {children.data?.isTruncated && (
          <Typography.Text type="secondary">{t('territory.truncated')}</Typography.Text>
        )}
      </Card>

      {dialog === 'add' && (
        <AddChildDialog parent={node} communityId={community?.id} open onClose={() => setDialog(null)} />
      )}
      {dialog === 'rename' && <RenameDialog node={node} open onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveDialog node={node} open onClose={() => setDialog(null)} />}
    </Flex>
  );
}
