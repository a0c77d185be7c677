import { TOPIC_CATEGORY_LABELS, type TopicDetail } from '@gongzhi/contract/deliberation';
import { Button, Form, Input, NoticeBar, Result, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/session.ts';
import { useProposeTopic } from '../api/use-deliberation.ts';

interface Draft {
  title: string;
  description: string;
  category: string;
  nodeId: string | undefined;
}
const EMPTY: Draft = { title: '', description: '', category: 'other', nodeId: undefined };

/** 提议题 on a phone: one line, the details, a category; staff also pick the unit, residents default to home. */
export default function ProposePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const propose = useProposeTopic();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [done, setDone] = useState<TopicDetail | null>(null);
  const fields = isApiError(propose.error) ? propose.error.fields : {};
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  if (done) {
    return (
      <div style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
        <Result status="success" title={t('deliberation.propose.done')} description={done.title} />
        <Button
          block
          color="primary"
          size="large"
          onClick={() => navigate(`/deliberation/topics/${done.id}`)}
        >
          {t('deliberation.propose.view')}
        </Button>
        <Button
          block
          fill="none"
          style={{ marginTop: 8 }}
          onClick={() => {
            setDraft(EMPTY);
            setDone(null);
            propose.reset();
          }}
        >
          {t('deliberation.propose.another')}
        </Button>
      </div>
    );
  }

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <NoticeBar content={t('deliberation.propose.hint')} color="info" wrap />
      {propose.error && !Object.keys(fields).length ? (
        <NoticeBar content={errorMessage(propose.error)} color="error" wrap />
      ) : null}
      <Form
        layout="vertical"
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={propose.isPending}
            disabled={!draft.title.trim() || !draft.description.trim()}
          >
            {t('deliberation.propose.submit')}
          </Button>
        }
        onFinish={() =>
          propose.mutate(
            {
              title: draft.title.trim(),
              description: draft.description.trim(),
              category: draft.category,
              ...(draft.nodeId ? { nodeId: draft.nodeId } : {}),
            },
            { onSuccess: setDone },
          )
        }
      >
        <Form.Header>{t('deliberation.propose.title')}</Form.Header>
        <Form.Item label={t('deliberation.propose.topic')} help={fields.title}>
          <Input
            value={draft.title}
            maxLength={60}
            clearable
            placeholder={t('deliberation.propose.topicPlaceholder')}
            onChange={(title) => set({ title })}
          />
        </Form.Item>
        <Form.Item label={t('deliberation.propose.description')} help={fields.description}>
          <TextArea
            value={draft.description}
            maxLength={2000}
            rows={5}
            showCount
            placeholder={t('deliberation.propose.descriptionPlaceholder')}
            onChange={(description) => set({ description })}
          />
        </Form.Item>
        <Form.Item label={t('deliberation.propose.category')}>
          <Selector
            columns={3}
            value={[draft.category]}
            options={Object.keys(TOPIC_CATEGORY_LABELS).map((code) => ({
              value: code,
              label: t(`deliberation.category.${code}`),
            }))}
            onChange={(v) => v[0] && set({ category: v[0] })}
          />
        </Form.Item>
        {can('territory.view') && (
          <Form.Item
            label={t('deliberation.propose.node')}
            help={fields.nodeId ?? t('deliberation.propose.nodeHint')}
          >
            <TerritoryNodeSelect
              value={draft.nodeId ?? null}
              onChange={(nodeId) => set({ nodeId })}
              style={{ width: '100%' }}
              size="large"
            />
          </Form.Item>
        )}
      </Form>
    </div>
  );
}
