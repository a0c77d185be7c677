import {
  CrownOutlined,
  EditOutlined,
  ImportOutlined,
  MoreOutlined,
  RollbackOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { HouseholdDetail, Resident } from '@gongzhi/contract/people';
import {
  App,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Flex,
  type MenuProps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useHousehold } from '../api/use-household.ts';
import { useUpdateHousehold } from '../api/use-update-household.ts';
import { HouseholdFormDialog } from '../components/household-form-dialog.tsx';
import { LifeEventDialog } from '../components/life-event-dialog.tsx';
import { MoveInDialog } from '../components/move-in-dialog.tsx';
import { ResidentFormDrawer } from '../components/resident-form-drawer.tsx';
import { ResidentTagChips, StatusTag } from '../components/status-tag.tsx';

type Action = { kind: 'move_out' | 'death' | 'move_back'; resident: Resident } | null;

function HouseholdView({ household }: { household: HouseholdDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const setHead = useUpdateHousehold();
  const [isEditing, setEditing] = useState(false);
  const [isAdding, setAdding] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const [isMovingIn, setMovingIn] = useState(false);
  // Moving in also reopens a household whose members all left, so it does not wait for an active one.
  const canMoveIn = can('registry.edit');
  const canEdit = canMoveIn && household.status === 'active';

  const memberMenu = (r: Resident): MenuProps['items'] => [
    ...(r.id !== household.headResidentId
      ? [
          {
            key: 'head',
            icon: <CrownOutlined />,
            label: t('people.makeHead'),
            onClick: () =>
              setHead.mutate(
                { id: household.id, headResidentId: r.id },
                {
                  onSuccess: () => message.success(t('people.headSet', { name: r.name })),
                  onError: (e) => message.error(e.message),
                },
              ),
          },
        ]
      : []),
    {
      key: 'move_out',
      label: t('people.moveOut'),
      onClick: () => setAction({ kind: 'move_out', resident: r }),
    },
    {
      key: 'death',
      danger: true,
      label: t('people.recordDeath'),
      onClick: () => setAction({ kind: 'death', resident: r }),
    },
  ];
  const movedOutMenu = (r: Resident): MenuProps['items'] => [
    {
      key: 'move_back',
      icon: <RollbackOutlined />,
      label: t('people.moveBack'),
      onClick: () => setAction({ kind: 'move_back', resident: r }),
    },
  ];
  const menuFor = (r: Resident) =>
    r.status === 'active' && canEdit
      ? memberMenu(r)
      : r.status === 'moved_out' && canMoveIn
        ? movedOutMenu(r)
        : null;
  const actionsFor = (r: Resident) => {
    const items = menuFor(r);
    return items ? (
      // Menu clicks bubble through the portal to the row, which would open the resident instead.
      <Dropdown menu={{ items, onClick: ({ domEvent }) => domEvent.stopPropagation() }} trigger={['click']}>
        <Button
          type="text"
          icon={<MoreOutlined />}
          onClick={(e) => e.stopPropagation()}
          aria-label={t('common.more')}
        />
      </Dropdown>
    ) : null;
  };
  const isHead = (r: Resident) => r.id === household.headResidentId;

  return (
    <div className="gz-page">
      <PageHeader
        crumbs={[{ title: t('people.title'), to: '/households' }, { title: household.householdNo }]}
        title={
          <Flex align="center" gap={8} wrap>
            <span>{t('people.householdTitle', { no: household.householdNo })}</span>
            <StatusTag status={household.status} />
          </Flex>
        }
        subtitle={household.address || undefined}
        extra={
          canMoveIn && (
            <>
              {canEdit && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('common.edit')}
                </Button>
              )}
              <Button icon={<ImportOutlined />} onClick={() => setMovingIn(true)}>
                {t('people.moveIn')}
              </Button>
              {canEdit && (
                <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
                  {t('people.addMember')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('people.householdNo')}>
            <span className="gz-mono">{household.householdNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('people.head')}>{household.headName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.memberCount', { count: household.members.length })}>
            {household.members.map((m) => m.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.address')}>{household.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.node')}>
            <Link to={`/territory?node=${household.nodeId}`}>{household.nodeName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('people.community')}>{household.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('people.createdAt')}>
            {formatDateTime(household.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.updatedAt')}>
            {formatDateTime(household.updatedAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('people.chiefs')} size="small">
        {household.chiefs.length === 0 ? (
          <Typography.Text type="secondary">{t('people.noChiefs')}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {household.chiefs.map((c) => (
              <Tag
                key={c.positionId}
                color={c.isHandover ? 'orange' : 'red'}
                bordered={false}
                style={{
                  padding: '2px 10px',
                  fontSize: 13,
                  cursor: can('organisation.view') ? 'pointer' : undefined,
                }}
                onClick={() =>
                  can('organisation.view') && navigate(`/organisation/positions/${c.positionId}`)
                }
              >
                {c.label} · {c.holderName}
                {c.isHandover ? ` · ${t('people.handover')}` : ''}
              </Tag>
            ))}
          </Flex>
        )}
      </Card>

      <Card title={t('people.membersTitle')} styles={{ body: { padding: isMobile ? 12 : 0 } }}>
        {household.residents.length === 0 ? (
          <EmptyState description={t('people.noMembers')}>
            {canMoveIn && (
              <Flex gap={8} justify="center" wrap>
                <Button icon={<ImportOutlined />} onClick={() => setMovingIn(true)}>
                  {t('people.moveIn')}
                </Button>
                {canEdit && (
                  <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
                    {t('people.addMember')}
                  </Button>
                )}
              </Flex>
            )}
          </EmptyState>
        ) : isMobile ? (
          <div className="gz-card-list">
            {household.residents.map((r) => (
              <Card key={r.id} size="small" onClick={() => navigate(`/residents/${r.id}`)} hoverable>
                <Flex justify="space-between" align="center">
                  <Flex align="center" gap={6}>
                    <Typography.Text strong>{r.name}</Typography.Text>
                    {isHead(r) && (
                      <Tag color="red" bordered={false}>
                        {t('people.head')}
                      </Tag>
                    )}
                    <StatusTag status={r.status} />
                  </Flex>
                  {actionsFor(r)}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {r.relationToHead || '—'} · {t(`enum.gender.${r.gender}`)} · {formatDate(r.birthDate)}
                </Typography.Text>
                <div className="gz-mono gz-muted" style={{ fontSize: 13 }}>
                  {r.idNoMasked ?? '—'} {r.phoneMasked ? ` · ${r.phoneMasked}` : ''}
                </div>
                {r.tags.length > 0 && <ResidentTagChips tags={r.tags} />}
              </Card>
            ))}
          </div>
        ) : (
          <Table<Resident>
            rowKey="id"
            pagination={false}
            dataSource={household.residents}
            scroll={{ x: 'max-content' }}
            onRow={(record) => ({
              onClick: () => navigate(`/residents/${record.id}`),
              className: 'gz-clickable',
            })}
            columns={[
              {
                title: t('people.name'),
                dataIndex: 'name',
                render: (n: string, r) => (
                  <Flex align="center" gap={6} style={{ whiteSpace: 'nowrap' }}>
                    <Link to={`/residents/${r.id}`}>{n}</Link>
                    {isHead(r) && (
                      <Tag color="red" bordered={false}>
                        {t('people.head')}
                      </Tag>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('people.relationToHead'),
                dataIndex: 'relationToHead',
                width: 110,
                render: (v: string) => v || '—',
              },
              {
                title: t('people.gender'),
                dataIndex: 'gender',
                width: 70,
                render: (g: string) => t(`enum.gender.${g}`),
              },
              {
                title: t('people.birthDate'),
                dataIndex: 'birthDate',
                width: 120,
                render: (d: string | null) => formatDate(d),
              },
              {
                title: t('people.idNumber'),
                dataIndex: 'idNoMasked',
                width: 200,
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
              {
                title: t('people.phone'),
                dataIndex: 'phoneMasked',
                width: 130,
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
              { title: t('people.tags'), render: (_, r) => <ResidentTagChips tags={r.tags} /> },
              {
                title: t('people.status'),
                dataIndex: 'status',
                width: 90,
                render: (s: string) => <StatusTag status={s} />,
              },
              { title: '', width: 56, render: (_, r) => actionsFor(r) },
            ]}
          />
        )}
      </Card>

      {isEditing && <HouseholdFormDialog household={household} onClose={() => setEditing(false)} />}
      <ResidentFormDrawer householdId={household.id} open={isAdding} onClose={() => setAdding(false)} />
      {action && action.kind !== 'move_back' && (
        <LifeEventDialog kind={action.kind} resident={action.resident} onClose={() => setAction(null)} />
      )}
      {action?.kind === 'move_back' && (
        <MoveInDialog household={household} resident={action.resident} onClose={() => setAction(null)} />
      )}
      {isMovingIn && <MoveInDialog household={household} onClose={() => setMovingIn(false)} />}
    </div>
  );
}

/** 户: address, place, members with their actions, and the chiefs linked to it (联户). */
export default function HouseholdPage() {
  const { householdId = '' } = useParams();
  const household = useHousehold(householdId);
  return (
    <QueryState query={household} rows={10}>
      {(data) => <HouseholdView household={data} />}
    </QueryState>
  );
}
