import type { Council } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Descriptions, Flex, List, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { useCouncils, useRegularDays } from '../api/use-deliberation.ts';
import { CouncilModal } from '../components/council-modal.tsx';
import { MeetingModal } from '../components/meeting-modal.tsx';

function UpcomingDays({ council }: { council: Council }) {
  const { t } = useTranslation();
  const days = useRegularDays(council.id, businessToday().format('YYYY-MM-DD'));
  return (
    <QueryState query={days} rows={2}>
      {(data) => (
        <List
          size="small"
          header={t('deliberation.councils.upcoming')}
          dataSource={data.items}
          renderItem={(d) => (
            <List.Item>
              <Flex gap={8} wrap>
                <span>{d.proposedOn}</span>
                {d.conflict && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ padding: '0 8px' }}
                    message={t('deliberation.form.conflictWarning', {
                      conflict: d.conflict,
                      rule: t(`deliberation.holidayRule.${d.holidayRule}`),
                      date: d.proposedOn,
                    })}
                  />
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </QueryState>
  );
}

function CouncilCard({
  council,
  onEdit,
  onMeeting,
}: {
  council: Council;
  onEdit: () => void;
  onMeeting: () => void;
}) {
  const { t } = useTranslation();
  const weekdays = t('deliberation.weekday', { returnObjects: true }) as string[];
  const weeks = t('deliberation.weekNo', { returnObjects: true }) as string[];
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {council.name}
          {council.parentName && <Tag color="magenta">{council.parentName}</Tag>}
        </Flex>
      }
      extra={
        <Flex gap={8}>
          {council.parentId && <Button onClick={onMeeting}>{t('deliberation.councils.meeting')}</Button>}
          {council.canManage && <Button onClick={onEdit}>{t('deliberation.councils.edit')}</Button>}
        </Flex>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('deliberation.councils.community')}>
          {council.communityName}
        </Descriptions.Item>
        <Descriptions.Item label={t('deliberation.councils.leader')}>{council.leaderName}</Descriptions.Item>
        <Descriptions.Item label={t('deliberation.councils.rule')}>
          {t('deliberation.councils.ruleText', {
            week: weeks[council.regularWeek],
            weekday: weekdays[council.regularWeekday],
          })}
          （{t(`deliberation.holidayRule.${council.holidayRule}`)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('deliberation.councils.quorum')}>
          {t('deliberation.councils.quorumText', { value: council.quorumPercent })}；
          {t('deliberation.councils.majorityText', { value: council.majorityPercent })}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={council.members}
        title={() => `${t('deliberation.councils.members')}（${council.members.length}）`}
        columns={[
          { title: t('deliberation.councils.memberName'), dataIndex: 'name' },
          {
            title: t('deliberation.councils.memberParty'),
            dataIndex: 'party',
            render: (p: string) => t(`deliberation.party.${p}`),
          },
          {
            title: t('deliberation.topic.ballot'),
            dataIndex: 'userId',
            render: (u: string | null) => (u ? <Tag color="green">✓</Tag> : null),
          },
        ]}
      />
      {!council.parentId && <UpcomingDays council={council} />}
    </Card>
  );
}

/** Councils of the communities in scope: members by party, regular day, holiday rule, quorum and majority. */
export default function CouncilsPage() {
  const { t } = useTranslation();
  const councils = useCouncils();
  const [editing, setEditing] = useState<Council | 'new' | null>(null);
  const [meeting, setMeeting] = useState<Council | null>(null);
  const items = councils.data?.items ?? [];
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('deliberation.councils.title')}
        subtitle={t('deliberation.councils.subtitle')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('deliberation.councils.add')}
          </Button>
        }
      />
      <QueryState query={councils}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState description={t('deliberation.councils.empty')} />
          ) : (
            <Flex vertical gap={16}>
              {data.items.map((c) => (
                <CouncilCard
                  key={c.id}
                  council={c}
                  onEdit={() => setEditing(c)}
                  onMeeting={() => setMeeting(c)}
                />
              ))}
            </Flex>
          )
        }
      </QueryState>
      <CouncilModal
        open={editing !== null}
        council={editing === 'new' ? null : editing}
        councils={items}
        onClose={() => setEditing(null)}
      />
      <MeetingModal council={meeting} onClose={() => setMeeting(null)} />
    </Flex>
  );
}
