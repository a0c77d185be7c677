import type { TopicDetail } from '@gongzhi/contract/deliberation';
import { Alert, Button, Card, Flex, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { useSession } from '../../../lib/session.ts';
import { useCouncils, useRecordProxy, useVote } from '../api/use-deliberation.ts';

const CHOICES = ['for', 'against', 'abstain'] as const;

/**
 * A council member's ballot on an online topic: one ballot, shown as 已投票 once cast; a member who was authorised
 * by proxy also votes for the absent member.
 */
export function VotePanel({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const vote = useVote(topic.id);
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN') : '—');
  const buttons = (forMemberId?: string) => (
    <Flex gap={8} wrap>
      {CHOICES.map((c) => (
        <Button
          key={c}
          size="large"
          danger={c === 'against'}
          loading={
            vote.isPending && vote.variables?.choice === c && vote.variables?.forMemberId === forMemberId
          }
          onClick={() => vote.mutate({ choice: c, forMemberId })}
          style={{ flex: 1, minWidth: 96 }}
        >
          {t(`deliberation.choice.${c}`)}
        </Button>
      ))}
    </Flex>
  );
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
          {buttons()}
          <Typography.Text type="secondary">{t('deliberation.topic.voteHint')}</Typography.Text>
        </>
      )}
      {topic.canVoteFor.map((m) => (
        <Flex key={m.memberId} vertical gap={4} style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('deliberation.topic.voteFor', { name: m.name })}</Typography.Text>
          {buttons(m.memberId)}
        </Flex>
      ))}
      {topic.proxies.length > 0 && (
        <Flex vertical gap={4} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('deliberation.topic.proxies')}</Typography.Text>
          {topic.proxies.map((p) => (
            <Typography.Text key={p.grantorMemberId}>
              {t('deliberation.topic.proxyLine', { grantor: p.grantorName, proxy: p.proxyName })}{' '}
              {p.voted && <Tag color="green">{t('deliberation.topic.proxyVoted')}</Tag>}
            </Typography.Text>
          ))}
        </Flex>
      )}
      <ProxyForm topic={topic} />
      {vote.error && (
        <Alert type="error" showIcon message={errorMessage(vote.error)} style={{ marginTop: 8 }} />
      )}
    </Card>
  );
}

/** 两委 record a proxy for any member; a member who has not voted records his own (委托). */
function ProxyForm({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const councils = useCouncils();
  const record = useRecordProxy(topic.id);
  const [grantor, setGrantor] = useState<string | undefined>();
  const [proxy, setProxy] = useState<string | undefined>();
  const members = councils.data?.items.find((c) => c.id === topic.councilId)?.members ?? [];
  const isManager = topic.allowedActions.includes('close_vote');
  const me = members.find((m) => m.userId && m.userId === session?.user.id);
  const granted = new Set(topic.proxies.map((p) => p.grantorMemberId));
  const grantors = isManager
    ? members.filter((m) => !granted.has(m.id))
    : me && topic.canVote && !granted.has(me.id)
      ? [me]
      : [];
  if (grantors.length === 0) return null;
  const chosenGrantor = isManager ? grantor : me?.id;
  return (
    <Flex gap={8} wrap style={{ marginTop: 12 }}>
      {isManager && (
        <Select
          style={{ minWidth: 160 }}
          placeholder={t('deliberation.topic.proxyGrantor')}
          value={grantor}
          onChange={setGrantor}
          options={grantors.map((m) => ({ value: m.id, label: m.name }))}
        />
      )}
      <Select
        style={{ minWidth: 160 }}
        placeholder={t('deliberation.topic.proxyTo')}
        value={proxy}
        onChange={setProxy}
        options={members
          .filter((m) => m.userId && m.id !== chosenGrantor)
          .map((m) => ({ value: m.id, label: m.name }))}
      />
      <Button
        disabled={!chosenGrantor || !proxy}
        loading={record.isPending}
        onClick={() =>
          chosenGrantor &&
          proxy &&
          record.mutate(
            { grantorMemberId: chosenGrantor, proxyMemberId: proxy },
            {
              onSuccess: () => {
                setGrantor(undefined);
                setProxy(undefined);
              },
            },
          )
        }
      >
        {t('deliberation.topic.proxySubmit')}
      </Button>
      {record.error && <Alert type="error" showIcon message={errorMessage(record.error)} />}
    </Flex>
  );
}
