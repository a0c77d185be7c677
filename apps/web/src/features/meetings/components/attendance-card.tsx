import type { Invitee, MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, Card, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { useRecordAttendance } from '../api/use-meetings.ts';

type Mark = 'attended' | 'absent' | null;

/** Invitees and who came; the organiser ticks attendance for those who did not check in themselves. */
export function AttendanceCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordAttendance();
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const changed = Object.entries(marks).filter(
    ([id, mark]) => meeting.invitees.find((i) => i.id === id)?.attendance !== mark,
  );

  return (
    <Card
      title={t('meetings.detail.attendance', {
        attended: meeting.attendedCount,
        total: meeting.invitees.length,
      })}
      extra={
        meeting.canManage &&
        !meeting.closedAt && (
          <Button
            type="primary"
            disabled={changed.length === 0}
            loading={record.isPending}
            onClick={() =>
              record.mutate(
                {
                  id: meeting.id,
                  entries: changed.map(([inviteeId, attendance]) => ({ inviteeId, attendance })),
                },
                {
                  onSuccess: () => {
                    setMarks({});
                    message.success(t('meetings.detail.saved'));
                  },
                  onError: (e) => message.error(e.message),
                },
              )
            }
          >
            {t('meetings.detail.saveAttendance')}
          </Button>
        )
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={meeting.invitees}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('meetings.invitees'), dataIndex: 'name' },
          {
            title: t('meetings.detail.checkIn'),
            key: 'state',
            render: (_: unknown, i: Invitee) => {
              const mark = i.id in marks ? marks[i.id] : i.attendance;
              if (meeting.canManage && !meeting.closedAt) {
                return (
                  <Radio.Group
                    size="small"
                    value={mark ?? 'none'}
                    onChange={(e) =>
                      setMarks({
                        ...marks,
                        [i.id]: e.target.value === 'none' ? null : (e.target.value as Mark),
                      })
                    }
                    options={[
                      { value: 'attended', label: t('meetings.detail.attended') },
                      { value: 'absent', label: t('meetings.detail.absent') },
                      { value: 'none', label: t('meetings.detail.unmarked') },
                    ]}
                    optionType="button"
                  />
                );
              }
              return mark === 'attended' ? (
                <Tag color="green">{t('meetings.detail.attended')}</Tag>
              ) : mark === 'absent' ? (
                <Tag color="red">{t('meetings.detail.absent')}</Tag>
              ) : (
                <Tag>{t('meetings.detail.unmarked')}</Tag>
              );
            },
          },
          {
            title: '',
            key: 'via',
            render: (_: unknown, i: Invitee) =>
              i.checkedInVia
                ? `${t(`meetings.detail.via.${i.checkedInVia}`)} ${formatDateTime(i.checkedInAt)}`
                : '',
          },
        ]}
      />
    </Card>
  );
}
