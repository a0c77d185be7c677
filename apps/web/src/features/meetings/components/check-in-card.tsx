import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { useCheckIn } from '../api/use-meetings.ts';

/**
 * The organiser sees the check-in link (no QR library is bundled, so the link and a 6-digit code stand in for the
 * QR image); an invitee enters the code here.
 */
export function CheckInCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckIn();
  const [code, setCode] = useState('');
  const me = meeting.invitees.find((i) => i.id === meeting.myInviteeId);
  if (!meeting.checkIn && !me) return null;
  const link = meeting.checkIn ? `${window.location.origin}/meetings/check-in/${meeting.checkIn.token}` : '';

  return (
    <Card title={t('meetings.detail.checkIn')}>
      <Flex vertical gap={12}>
        {meeting.checkIn && (
          <>
            <Typography.Text type="secondary">{t('meetings.detail.checkInHint')}</Typography.Text>
            <Typography.Text>
              {t('meetings.detail.checkInLink')}：<Typography.Text copyable>{link}</Typography.Text>
            </Typography.Text>
            <Typography.Title level={2} style={{ margin: 0, letterSpacing: 8 }} copyable>
              {meeting.checkIn.code}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('meetings.detail.window', {
                from: formatDateTime(meeting.checkIn.opensAt),
                to: formatDateTime(meeting.checkIn.closesAt),
              })}
            </Typography.Text>
          </>
        )}
        {me &&
          (me.attendance === 'attended' ? (
            <Typography.Text type="success">{t('meetings.detail.checkedIn')}</Typography.Text>
          ) : (
            <Flex gap={8}>
              <Input
                inputMode="numeric"
                maxLength={6}
                placeholder={t('meetings.detail.enterCode')}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                style={{ maxWidth: 180 }}
              />
              <Button
                type="primary"
                disabled={code.length !== 6}
                loading={checkIn.isPending}
                onClick={() =>
                  checkIn.mutate(
                    { meetingId: meeting.id, code },
                    {
                      onSuccess: () => message.success(t('meetings.detail.checkedIn')),
                      onError: (e) => message.error(e.message),
                    },
                  )
                }
              >
                {t('meetings.detail.myCheckIn')}
              </Button>
            </Flex>
          ))}
      </Flex>
    </Card>
  );
}
