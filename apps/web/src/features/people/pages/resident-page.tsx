import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Resident } from '@gongzhi/contract/people';
import { App, Button, Card, Descriptions, Flex, List, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, LoadingBlock, QueryState } from '../../../components/ui/query-state.tsx';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useConsents } from '../api/use-consents.ts';
import { useRemoveResidentTag } from '../api/use-remove-resident-tag.ts';
import { useResident } from '../api/use-resident.ts';
import { useResidentEvents } from '../api/use-resident-events.ts';
import { useWithdrawConsent } from '../api/use-withdraw-consent.ts';
import { AddTagDialog } from '../components/add-tag-dialog.tsx';
import { LifeEventDialog } from '../components/life-event-dialog.tsx';
import { ResidentFormDrawer } from '../components/resident-form-drawer.tsx';
import { RevealField } from '../components/reveal-field.tsx';
import { StatusTag } from '../components/status-tag.tsx';

const EVENT_COLORS: Record<string, string> = {
  registered: 'blue',
  move_in: 'green',
  move_out: 'gray',
  death: 'gray',
  transfer: 'blue',
  corrected: 'orange',
};

function Events({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const events = useResidentEvents(residentId);
  if (events.isLoading) return <LoadingBlock rows={3} />;
  const items = events.data?.items ?? [];
  if (items.length === 0) return <EmptyState description={t('people.noEvents')} />;
  return (
    <Timeline
      items={items.map((e) => ({
        color: EVENT_COLORS[e.kind] ?? 'blue',
        content: (
          <Flex vertical gap={2}>
            <span>
              <Typography.Text strong>{t(`enum.eventKind.${e.kind}`)}</Typography.Text>
              <span className="gz-muted"> · {formatDate(e.occurredOn)}</span>
              {e.householdNo && (
                <span className="gz-muted"> · {t('people.householdTitle', { no: e.householdNo })}</span>
              )}
            </span>
            {e.note && <span>{e.note}</span>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.actorName ?? t('people.system')} · {formatDateTime(e.createdAt)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}

function Consents({ residentId, canEdit }: { residentId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const consents = useConsents(residentId);
  const withdraw = useWithdrawConsent();
  if (consents.isLoading) return <LoadingBlock rows={2} />;
  const items = consents.data?.items ?? [];
  if (items.length === 0) return <Typography.Text type="secondary">{t('people.noConsents')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(c) => (
        <List.Item
          actions={
            canEdit && !c.withdrawnAt
              ? [
                  <Typography.Link
                    key="withdraw"
                    type="danger"
                    onClick={() =>
                      modal.confirm({
                        title: t('people.withdrawConsentTitle'),
                        content: t('people.withdrawConsentBody'),
                        okButtonProps: { danger: true },
                        onOk: () =>
                          withdraw.mutateAsync({ id: residentId, consentId: c.id }).then(
                            (r) =>
                              message.success(t('people.consentWithdrawn', { count: r.removedTags.length })),
                            (e: Error) => message.error(e.message),
                          ),
                      })
                    }
                  >
                    {t('people.withdrawConsent')}
                  </Typography.Link>,
                ]
              : []
          }
        >
          <List.Item.Meta
            title={
              <Flex gap={6} align="center" wrap>
                {c.purpose}
                <Tag bordered={false}>{t(`enum.consentKind.${c.kind}`)}</Tag>
                {c.withdrawnAt && <Tag>{t('people.withdrawn')}</Tag>}
              </Flex>
            }
            description={`${t(`enum.consentChannel.${c.channel}`)} · ${t('people.noticeVersion')} ${c.noticeVersion} · ${formatDateTime(c.givenAt)}`}
          />
        </List.Item>
      )}
    />
  );
}

function ResidentView({ resident }: { resident: Resident }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const isMobile = useIsMobile();
  const removeTag = useRemoveResidentTag();
  const [isEditing, setEditing] = useState(false);
  const [isTagging, setTagging] = useState(false);
  const [event, setEvent] = useState<'move_out' | 'death' | null>(null);
  const canEdit = can('registry.edit') && resident.status === 'active';

  const handleRemoveTag = (code: string, name: string) =>
    modal.confirm({
      title: t('people.removeTagTitle', { name }),
      okButtonProps: { danger: true },
      onOk: () =>
        removeTag.mutateAsync({ id: resident.id, tagCode: code }).then(
          () => message.success(t('people.tagRemoved')),
          (e: Error) => message.error(e.message),
        ),
    });

  return (
    <div className="gz-page">
      <PageHeader
        crumbs={[
          { title: t('people.title'), to: '/households?view=residents' },
          {
            title: t('people.householdTitle', { no: resident.householdNo }),
            to: `/households/${resident.householdId}`,
          },
          { title: resident.name },
        ]}
        title={
          <Flex align="center" gap={8}>
            {resident.name}
            <StatusTag status={resident.status} />
          </Flex>
        }
        extra={
          canEdit && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('people.correct')}
              </Button>
              <Button onClick={() => setEvent('move_out')}>{t('people.moveOut')}</Button>
              <Button danger onClick={() => setEvent('death')}>
                {t('people.recordDeath')}
              </Button>
            </>
          )
        }
      />
      <Card title={t('people.basicInfo')}>
        <Descriptions column={isMobile ? 1 : 3} size="small">
          <Descriptions.Item label={t('people.name')}>{resident.name}</Descriptions.Item>
          <Descriptions.Item label={t('people.gender')}>
            {t(`enum.gender.${resident.gender}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.birthDate')}>
            {formatDate(resident.birthDate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.idNumber')}>
            <RevealField residentId={resident.id} field="idNumber" masked={resident.idNoMasked} />
          </Descriptions.Item>
          <Descriptions.Item label={t('people.phone')}>
            <RevealField residentId={resident.id} field="phone" masked={resident.phoneMasked} />
          </Descriptions.Item>
          <Descriptions.Item label={t('people.householdNo')}>
            <Link to={`/households/${resident.householdId}`} className="gz-mono">
              {resident.householdNo}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('people.relationToHead')}>
            {resident.relationToHead || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.residenceType')}>
            {t(`enum.residenceType.${resident.residenceType}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.ethnicity')}>{resident.ethnicity ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.politicalStatus')}>
            {resident.politicalStatus ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.education')}>{resident.education ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.dataSource')}>{resident.dataSource ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.note')} span={isMobile ? 1 : 3}>
            {resident.note ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.createdAt')}>
            {formatDateTime(resident.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.updatedAt')}>
            {formatDateTime(resident.updatedAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Flex gap={16} vertical={isMobile} align="flex-start">
        <Flex vertical gap={16} style={{ flex: 1, minWidth: 0, width: '100%' }}>
          <Card
            title={t('people.tags')}
            size="small"
            extra={
              canEdit && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setTagging(true)}>
                  {t('people.addTag')}
                </Button>
              )
            }
          >
            {resident.tags.length === 0 ? (
              <Typography.Text type="secondary">{t('people.noTags')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={resident.tags}
                renderItem={(tag) => (
                  <List.Item
                    actions={
                      canEdit
                        ? [
                            <Typography.Link
                              key="remove"
                              type="danger"
                              onClick={() => handleRemoveTag(tag.code, tag.nameZh)}
                            >
                              {t('common.remove')}
                            </Typography.Link>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Flex gap={6} align="center">
                          <Tag color={tag.isSensitive ? 'orange' : 'blue'} bordered={false}>
                            {tag.nameZh}
                          </Tag>
                          {tag.isSensitive && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('people.sensitive')}
                            </Typography.Text>
                          )}
                        </Flex>
                      }
                      description={[
                        tag.lawfulBasis ? t(`enum.lawfulBasis.${tag.lawfulBasis}`) : null,
                        tag.note,
                        formatDate(tag.assignedAt),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card title={t('people.consents')} size="small">
            <Consents residentId={resident.id} canEdit={can('registry.edit')} />
          </Card>
        </Flex>
        <Card title={t('people.events')} size="small" style={{ flex: 1, minWidth: 0, width: '100%' }}>
          <Events residentId={resident.id} />
        </Card>
      </Flex>

      <ResidentFormDrawer resident={resident} open={isEditing} onClose={() => setEditing(false)} />
      {isTagging && (
        <AddTagDialog
          residentId={resident.id}
          existing={resident.tags.map((tag) => tag.code)}
          onClose={() => setTagging(false)}
        />
      )}
      {event && <LifeEventDialog kind={event} resident={resident} onClose={() => setEvent(null)} />}
    </div>
  );
}

/** 居民: every roster field (ID and phone masked, revealed with a reason), tags with their lawful basis, history. */
export default function ResidentPage() {
  const { residentId = '' } = useParams();
  const resident = useResident(residentId);
  return (
    <QueryState query={resident} rows={10}>
      {(data) => <ResidentView resident={data} />}
    </QueryState>
  );
}
