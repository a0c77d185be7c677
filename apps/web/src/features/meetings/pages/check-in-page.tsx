import { Button, Result, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useCheckIn } from '../api/use-meetings.ts';

/** Opened from the meeting's QR code or link by a logged-in invitee: checks in once on arrival. */
export default function CheckInPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const checkIn = useCheckIn();
  const isSent = useRef(false);
  useEffect(() => {
    // Strict mode mounts twice in development; one check-in request is enough.
    if (isSent.current) return;
    isSent.current = true;
    checkIn.mutate({ token });
  }, [checkIn, token]);

  if (checkIn.isPending || checkIn.isIdle)
    return <Spin description={t('meetings.checkInPage.working')} fullscreen />;
  if (checkIn.error)
    return (
      <Result
        status="warning"
        title={t('meetings.checkInPage.title')}
        subTitle={errorMessage(checkIn.error)}
      />
    );
  return (
    <Result
      status="success"
      title={t('meetings.checkInPage.done', { title: checkIn.data?.title ?? '' })}
      extra={
        <Link to={`/meetings/${checkIn.data?.meetingId}`}>
          <Button type="primary">{t('meetings.checkInPage.back')}</Button>
        </Link>
      }
    />
  );
}
