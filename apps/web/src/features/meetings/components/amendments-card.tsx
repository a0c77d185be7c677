import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { useTranslation } from 'react-i18next';
import { AmendmentsCard as RecordAmendments } from '../../../components/ui/amendments-card.tsx';
import { useAddMeetingAmendment } from '../api/use-meetings.ts';

/** A closed meeting's record is final: corrections are listed with author and time, and managers append new ones. */
export function AmendmentsCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const add = useAddMeetingAmendment();
  if (!meeting.closedAt) return null;
  return (
    <RecordAmendments
      keyPrefix="meetings.detail"
      closedHint={t('meetings.detail.closed')}
      amendments={meeting.amendments}
      canAmend={meeting.canManage}
      add={{ ...add, mutate: (body, options) => add.mutate({ id: meeting.id, ...body }, options) }}
    />
  );
}
