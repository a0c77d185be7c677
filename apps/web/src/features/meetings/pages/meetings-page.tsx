import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import type { MeetingSummary } from '@gongzhi/contract/meetings';
import { App, Badge, Button, Calendar, Card, DatePicker, Flex, Segmented, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, QueryState } from '../../../components/ui/query-state.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useMeetings } from '../api/use-meetings.ts';
import { CalendarSubscription } from '../components/calendar-subscription.tsx';
import { CreateMeetingModal } from '../components/create-meeting-modal.tsx';
import { MeetingTags } from '../components/meeting-tags.tsx';

const DAY = 'YYYY-MM-DD';
const shanghaiDay = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Meetings of a month as a list or an antd month calendar; the month's edges include the adjacent weeks. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [view, setView] = useState<'list' | 'calendar'>('list');
  const [month, setMonth] = useState<Dayjs>(businessToday().startOf('month'));
  const [isCreating, setIsCreating] = useState(false);
  const [isSubscribing, setIsSubscribing] = useState(false);
  const query = useMeetings({
    from: month.startOf('month').subtract(7, 'day').format(DAY),
    to: month.endOf('month').add(14, 'day').format(DAY),
  });

  const byDay = (items: MeetingSummary[]) => {
    const map = new Map<string, MeetingSummary[]>();
    for (const m of items) map.set(shanghaiDay(m.startsAt), [...(map.get(shanghaiDay(m.startsAt)) ?? []), m]);
    return map;
  };

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('meetings.title')}
        subtitle={t('meetings.subtitle')}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<CalendarOutlined />} onClick={() => setIsSubscribing(true)}>
              {t('meetings.subscribe')}
            </Button>
            {can('meetings.manage') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
                {t('meetings.create')}
              </Button>
            )}
          </Flex>
        }
      />
      <Flex gap={12} wrap align="center">
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'list' | 'calendar')}
          options={[
            { value: 'list', label: t('meetings.list') },
            { value: 'calendar', label: t('meetings.calendar') },
          ]}
        />
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(d) => d && setMonth(d.startOf('month'))}
        />
      </Flex>
      <QueryState query={query}>
        {(data) =>
          view === 'list' ? (
            data.items.length === 0 ? (
              <EmptyState description={t('meetings.empty')} />
            ) : (
              <Table
                rowKey="id"
                dataSource={data.items}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: 720 }}
                columns={[
                  {
                    title: t('meetings.time'),
                    dataIndex: 'startsAt',
                    width: 160,
                    render: (v: string) => formatDateTime(v),
                  },
                  {
                    title: t('meetings.name'),
                    dataIndex: 'title',
                    render: (v: string, m: MeetingSummary) => <Link to={`/meetings/${m.id}`}>{v}</Link>,
                  },
                  {
                    title: t('meetings.kind'),
                    key: 'tags',
                    render: (_: unknown, m: MeetingSummary) => <MeetingTags meeting={m} />,
                  },
                  { title: t('meetings.node'), dataIndex: 'nodeName' },
                  { title: t('meetings.place'), dataIndex: 'place' },
                ]}
              />
            )
          ) : (
            <Card size="small">
              <Calendar
                value={month}
                onPanelChange={(d) => setMonth(d.startOf('month'))}
                onSelect={(d, info) => {
                  if (info.source === 'month' || info.source === 'year') setMonth(d.startOf('month'));
                }}
                cellRender={(d, info) => {
                  if (info.type !== 'date') return info.originNode;
                  const items = byDay(data.items).get(d.format(DAY)) ?? [];
                  return (
                    <Flex vertical gap={2}>
                      {items.map((m) => (
                        <Badge
                          key={m.id}
                          status={m.isCancelled ? 'default' : m.isUrgent ? 'error' : 'processing'}
                          text={
                            <Link to={`/meetings/${m.id}`} style={{ fontSize: 12 }}>
                              {dayjs(m.startsAt).format('HH:mm')} {m.title}
                            </Link>
                          }
                        />
                      ))}
                    </Flex>
                  );
                }}
              />
            </Card>
          )
        }
      </QueryState>
      <CreateMeetingModal
        open={isCreating}
        onClose={() => setIsCreating(false)}
        onCreated={(count, firstId) => {
          setIsCreating(false);
          message.success(t('meetings.created', { count }));
          if (firstId) void navigate(`/meetings/${firstId}`);
        }}
      />
      <CalendarSubscription open={isSubscribing} onClose={() => setIsSubscribing(false)} />
    </Flex>
  );
}
