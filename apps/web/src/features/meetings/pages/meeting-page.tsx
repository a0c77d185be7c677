import { App, Button, Descriptions, Flex, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCancelMeeting, useCloseMeeting, useMeeting } from '../api/use-meetings.ts';
import { AmendmentsCard } from '../components/amendments-card.tsx';
import { AttendanceCard } from '../components/attendance-card.tsx';
import { CheckInCard } from '../components/check-in-card.tsx';
import { ExtendSeriesButton } from '../components/extend-series-button.tsx';
import { MeetingTags } from '../components/meeting-tags.tsx';
import { MinutesCard } from '../components/minutes-card.tsx';
import { SuggestionsCard } from '../components/suggestions-card.tsx';

/** One meeting: agenda and invitees, check-in, attendance, minutes and the suggestions' replies. */
export default function MeetingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { meetingId = '' } = useParams();
  const query = useMeeting(meetingId);
  const cancel = useCancelMeeting();
  const close = useCloseMeeting();
  const [isCancelling, setIsCancelling] = useState(false);
  const [reason, setReason] = useState('');

  return (
    <QueryState query={query}>
      {(m) => (
        <Flex vertical gap={16}>
          <PageHeader
            crumbs={[{ title: t('meetings.title'), to: '/meetings' }, { title: m.title }]}
            title={
              <Flex gap={8} align="center" wrap>
                {m.title}
                <MeetingTags meeting={m} />
              </Flex>
            }
            extra={
              m.canManage && (
                <Flex gap={8}>
                  <ExtendSeriesButton meeting={m} />
                  {!m.isCancelled && !m.closedAt && new Date(m.startsAt) <= new Date() && (
                    <Popconfirm
                      title={t('meetings.detail.closeConfirm')}
                      onConfirm={() => close.mutate(m.id, { onError: (e) => message.error(e.message) })}
                    >
                      <Button loading={close.isPending}>{t('meetings.detail.close')}</Button>
                    </Popconfirm>
                  )}
                  {!m.isCancelled && !m.closedAt && (
                    <Button danger onClick={() => setIsCancelling(true)}>
                      {t('meetings.cancel')}
                    </Button>
                  )}
                </Flex>
              )
            }
          />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'time',
                label: t('meetings.time'),
                children: `${formatDateTime(m.startsAt)} – ${formatDateTime(m.endsAt)}`,
              },
              { key: 'place', label: t('meetings.place'), children: m.place },
              { key: 'node', label: t('meetings.node'), children: m.nodeName },
              { key: 'organiser', label: t('meetings.organiser'), children: m.organiserName },
              ...(m.urgentReason
                ? [{ key: 'urgent', label: t('meetings.urgentReason'), children: m.urgentReason }]
                : []),
              {
                key: 'agenda',
                label: t('meetings.agenda'),
                span: 2,
                children: (
                  <ol style={{ margin: 0, paddingLeft: 20 }}>
                    {m.agenda.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ol>
                ),
              },
            ]}
          />
          {!m.isCancelled && <CheckInCard meeting={m} />}
          <AttendanceCard meeting={m} />
          <MinutesCard meeting={m} />
          <AmendmentsCard meeting={m} />
          <SuggestionsCard meeting={m} />
          <Modal
            open={isCancelling}
            title={t('meetings.cancel')}
            onCancel={() => setIsCancelling(false)}
            confirmLoading={cancel.isPending}
            okButtonProps={{ disabled: !reason.trim() }}
            onOk={() =>
              cancel.mutate(
                { id: m.id, reason },
                { onSuccess: () => setIsCancelling(false), onError: (e) => message.error(e.message) },
              )
            }
          >
            <Input
              placeholder={t('meetings.cancelReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Modal>
        </Flex>
      )}
    </QueryState>
  );
}
