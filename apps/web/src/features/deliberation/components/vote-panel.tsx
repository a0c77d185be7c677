import type { TopicDetail } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useVote } from '../api/use-deliberation.ts';

const CHOICES = ['for', 'against', 'abstain'] as const;

/** A council member's ballot on an online topic: three big buttons, changeable until the window closes. */
export function VotePanel({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const vote = useVote(topic.id);
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN') : '—');
  return (
    <Card title={t('deliberation.topic.ballot')} size="small">
      <Typography.Paragraph type="secondary">
        {t('deliberation.topic.voteWindow')}：{fmt(topic.voteOpensAt)} – {fmt(topic.voteClosesAt)} ·{' '}
        {t('deliberation.topic.ballotsCast', { count: topic.ballotsCast })}
      </Typography.Paragraph>
      {topic.myBallot && (
        <Typography.Paragraph strong>
          {t('deliberation.topic.myBallot', { choice: t(`deliberation.choice.${topic.myBallot}`) })}
        </Typography.Paragraph>
      )}
      {topic.canVote && (
        <>
          <Flex gap={8} wrap>
            {CHOICES.map((c) => (
              <Button
                key={c}
                size="large"
                type={topic.myBallot === c ? 'primary' : 'default'}
                danger={c === 'against'}
                loading={vote.isPending && vote.variables === c}
                onClick={() => vote.mutate(c)}
                style={{ flex: 1, minWidth: 96 }}
              >
                {t(`deliberation.choice.${c}`)}
              </Button>
            ))}
          </Flex>
          <Typography.Text type="secondary">{t('deliberation.topic.voteHint')}</Typography.Text>
        </>
      )}
      {vote.error && (
        <Alert type="error" showIcon message={errorMessage(vote.error)} style={{ marginTop: 8 }} />
      )}
    </Card>
  );
}
