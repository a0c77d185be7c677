import { CASE_LIMITS, type CaseDetail } from '@gongzhi/contract/cases';
import { Button, DotLoading, ErrorBlock, NavBar, NoticeBar, Result, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useCase, useRateCase } from '../api/use-cases.ts';
import { useElderlyMode } from '../lib/elderly-mode.ts';
import '../cases.css';

const LEVELS = [5, 4, 3, 2, 1] as const;
const LEVEL_COLORS: Record<number, string> = {
  5: '#389e0d',
  4: '#7cb305',
  3: '#d48806',
  2: '#d4380d',
  1: '#cf1322',
};

function RateForm({ detail, onDone }: { detail: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const rate = useRateCase();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // A 户长/邻长 recording the resident's spoken answer: the server marks it 代为评价.
  const isProxy = !detail.myRoles.includes('reporter');

  const send = () => {
    if (resolved === null) return setProblem(t('cases.rate.needResolved'));
    if (satisfaction === null) return setProblem(t('cases.rate.needSatisfaction'));
    setProblem(null);
    rate.mutate(
      { id: detail.id, body: { resolved, satisfaction, comment: comment.trim() || undefined } },
      {
        onSuccess: onDone,
        onError: (error) =>
          setProblem(
            isApiError(error) && Object.keys(error.fields).length > 0
              ? Object.values(error.fields).join('；')
              : errorMessage(error),
          ),
      },
    );
  };

  const choice = (isOn: boolean, color: string) => ({
    border: `2px solid ${isOn ? color : '#e5e5e5'}`,
    background: isOn ? `${color}14` : '#fff',
    color: isOn ? color : undefined,
    fontWeight: isOn ? 700 : 400,
  });

  return (
    <>
      {isProxy && (
        <NoticeBar color="alert" wrap content={t('cases.rate.proxyNotice')} style={{ fontSize: 'inherit' }} />
      )}
      <section className="gz-case-section">
        <h3>{t('cases.rate.resolvedQuestion')}</h3>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
          {[true, false].map((value) => (
            <Button
              key={String(value)}
              className="gz-case-big-button"
              style={choice(resolved === value, value ? '#389e0d' : '#cf1322')}
              onClick={() => setResolved(value)}
              aria-pressed={resolved === value}
            >
              {value ? t('cases.rate.resolved') : t('cases.rate.unresolved')}
            </Button>
          ))}
        </div>
      </section>
      <section className="gz-case-section">
        <h3>{t('cases.rate.satisfactionQuestion')}</h3>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {LEVELS.map((level) => (
            <Button
              key={level}
              block
              className="gz-case-big-button"
              style={choice(satisfaction === level, LEVEL_COLORS[level] ?? '#999')}
              onClick={() => setSatisfaction(level)}
              aria-pressed={satisfaction === level}
            >
              {t(`cases.satisfaction.${level}`)}
            </Button>
          ))}
        </div>
      </section>
      <section className="gz-case-section">
        <h3>{t('cases.rate.comment')}</h3>
        <TextArea
          value={comment}
          onChange={setComment}
          placeholder={t('cases.rate.commentPlaceholder')}
          maxLength={CASE_LIMITS.noteMax}
          autoSize={{ minRows: 2, maxRows: 5 }}
        />
      </section>
      {problem && (
        <div className="gz-case-error" role="alert" style={{ textAlign: 'center' }}>
          {problem}
        </div>
      )}
      <Button block color="primary" className="gz-case-big-button" loading={rate.isPending} onClick={send}>
        {isProxy ? t('cases.rate.submitProxy') : t('cases.rate.submit')}
      </Button>
    </>
  );
}

/** 评价: was it solved, how satisfied (5 levels). Big buttons; a proxy's rating is flagged 代为评价. */
export default function RatePage() {
  const { caseId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [isElderly] = useElderlyMode();
  const query = useCase(caseId);
  // Rating refreshes the case, which then can no longer be rated: the thanks must outlive that.
  const [isDone, setDone] = useState(false);
  const detail = query.data;
  return (
    <div className={`gz-case-phone${isElderly ? ' gz-elderly' : ''}`}>
      <NavBar
        onBack={() => navigate(caseId ? `/cases/${caseId}` : '/cases/mine')}
        style={{ background: '#fff' }}
      >
        {t('cases.rate.title')}
      </NavBar>
      {query.isLoading ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading color="primary" />
        </div>
      ) : query.error || !detail ? (
        <ErrorBlock status="default" title={errorMessage(query.error)} description="" />
      ) : (
        <>
          <section className="gz-case-section">
            <div className="gz-mono gz-muted">{detail.caseNo}</div>
            <div style={{ fontWeight: 600, marginTop: 4 }}>{detail.title}</div>
            {detail.reply && (
              <div style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>
                {t('cases.field.reply')}：{detail.reply}
              </div>
            )}
          </section>
          {isDone ? (
            <section className="gz-case-section">
              <Result
                status="success"
                title={t('cases.rate.thanks')}
                description={t('cases.rate.thanksHint')}
              />
              <Button
                block
                color="primary"
                className="gz-case-big-button"
                onClick={() => navigate(`/cases/${detail.id}`)}
              >
                {t('cases.rate.backToCase')}
              </Button>
            </section>
          ) : detail.canRate ? (
            <RateForm detail={detail} onDone={() => setDone(true)} />
          ) : (
            <ErrorBlock
              status="default"
              title={t('cases.rate.cannotRate')}
              description={t('cases.rate.cannotRateHint')}
            >
              <Button onClick={() => navigate(`/cases/${detail.id}`)}>{t('cases.rate.backToCase')}</Button>
            </ErrorBlock>
          )}
        </>
      )}
    </div>
  );
}
