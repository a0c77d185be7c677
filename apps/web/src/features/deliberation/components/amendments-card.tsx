import type { TopicDetail } from '@gongzhi/contract/deliberation';
import { useTranslation } from 'react-i18next';
import { AmendmentsCard as RecordAmendments } from '../../../components/ui/amendments-card.tsx';
import { useAddTopicAmendment } from '../api/use-deliberation.ts';

/** A decided topic's record is closed: corrections are listed under it, and 两委 append new ones. */
export function AmendmentsCard({ topic, canAmend }: { topic: TopicDetail; canAmend: boolean }) {
  const { t } = useTranslation();
  const add = useAddTopicAmendment(topic.id);
  if (!topic.recordClosed) return null;
  return (
    <RecordAmendments
      keyPrefix="deliberation.topic"
      closedHint={t('deliberation.topic.recordClosed')}
      amendments={topic.amendments}
      canAmend={canAmend}
      add={add}
    />
  );
}
