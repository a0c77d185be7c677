import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, Card, Flex, Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderSVG } from 'uqr';
import { formatDateTime } from '../../../lib/format.ts';
import { useCheckIn } from '../api/use-meetings.ts';

/**
 * The organiser sees the check-in QR code (to show on a screen or print), the link it encodes and a 6-digit code
 * for invitees without a camera; an invitee enters the code here.
 */
export function CheckInCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckIn();
  const [code, setCode] = useState('');
  const me = meeting.invitees.find((i) => i.id === meeting.myInviteeId);
  const link = meeting.checkIn ? `${window.location.origin}/meetings/check-in/${meeting.checkIn.token}` : '';
  const qr = useMemo(
    () =>
      link ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(link, { border: 2 }))}` : '',
    [link],
  );
  if (!meeting.checkIn && !me) return null;

  return (
    <Card title={t('meetings.detail.checkIn')}>
      <Flex vertical gap={12}>
        {meeting.checkIn && (
          <>
            <Typography.Text type="secondary">{t('meetings.detail.checkInHint')}</Typography.Text>
            <Flex gap={12} align="end" wrap>
              <img
                src={qr}
                alt={t('meetings.detail.qrAlt')}
                width={200}
                height={200}
                data-testid="check-in-qr"
              />
              <Button href={qr} download={`签到二维码-${meeting.title}.svg`}>
                {t('meetings.detail.qrDownload')}
              </Button>
            </Flex>
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
