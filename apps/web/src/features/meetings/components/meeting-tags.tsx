import type { MeetingSummary } from '@gongzhi/contract/meetings';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Kind, 紧急通知, 已取消 and 反馈完成 marks of a meeting. */
export function MeetingTags({ meeting }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color="blue">{t(`meetings.kinds.${meeting.kind}`)}</Tag>
      {meeting.isUrgent && <Tag color="red">{t('meetings.urgent')}</Tag>}
      {meeting.isCancelled && <Tag>{t('meetings.cancelled')}</Tag>}
      {meeting.feedbackCompleted && <Tag color="green">{t('meetings.feedbackDone')}</Tag>}
    </>
  );
}
