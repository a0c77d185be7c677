import { PhoneOutlined, StarOutlined } from '@ant-design/icons';
import {
  type CaseAction,
  CaseActionSchema,
  type CaseDetail,
  type CaseRole,
  FINAL_CASE_STATES,
} from '@gongzhi/contract/cases';
import { App, Button, Card, Descriptions, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useSetRelatedParty } from '../api/use-cases.ts';
import { ActionModal, DANGER_ACTIONS } from './action-modal.tsx';
import { dueText, SLA_COLORS, stateColor, URGENCY_COLORS } from './case-format.ts';
import { HouseholdPicker, isLinkedOnlyFor } from './household-picker.tsx';
import { PhotoStrip } from './photo-strip.tsx';

/** The step that moves the case forward is the primary button; the rest follow in contract order. */
const FORWARD: readonly CaseAction[] = [
  'sign',
  'start',
  'feedback',
  'verify_pass',
  'dispatch',
  'handle_locally',
  'escalation_result',
  'approve_extension',
  'unpark',
];

function orderActions(allowed: CaseAction[]): CaseAction[] {
  const forward = FORWARD.filter((a) => allowed.includes(a));
  const rest = CaseActionSchema.options.filter((a) => allowed.includes(a) && !forward.includes(a));
  return [
    ...forward,
    ...rest.filter((a) => !DANGER_ACTIONS.includes(a)),
    ...rest.filter((a) => DANGER_ACTIONS.includes(a)),
  ];
}

function Header({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const due = dueText(t, detail);
  return (
    <Card size="small">
      <Flex vertical gap={6}>
        <Flex gap={6} wrap align="center">
          <span className="gz-mono" style={{ fontSize: 15 }} data-testid="detail-case-no">
            {detail.caseNo}
          </span>
          <Tag color={stateColor(detail.state)} style={{ marginInlineEnd: 0 }} data-testid="detail-state">
            {t(`cases.state.${detail.state}`)}
          </Tag>
          {detail.urgency !== 'normal' && (
            <Tag color={URGENCY_COLORS[detail.urgency]} style={{ marginInlineEnd: 0 }}>
              {t(`cases.urgency.${detail.urgency}`)}
            </Tag>
          )}
          {detail.handledLocally && <Tag color="green">{t('cases.detail.handledLocally')}</Tag>}
          {detail.reopenCount > 0 && (
            <Tag color="red">{t('cases.detail.reopened', { count: detail.reopenCount })}</Tag>
          )}
        </Flex>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {detail.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {detail.categoryName} · {t(`cases.channel.${detail.channel}`)} · {formatDateTime(detail.createdAt)}
        </Typography.Text>
        {due && (
          <Typography.Text
            style={{ color: SLA_COLORS[detail.sla], fontWeight: 600 }}
            data-testid="detail-due"
          >
            {t('cases.detail.dueLine', { due, at: formatDateTime(detail.dueAt) })}
          </Typography.Text>
        )}
        {detail.myRoles.length > 0 && (
          <Flex gap={4} wrap align="center">
            <Typography.Text type="secondary">{t('cases.detail.myRoles')}</Typography.Text>
            {detail.myRoles.map((r) => (
              <Tag key={r} bordered={false} color="red">
                {t(`cases.role.${r}`)}
              </Tag>
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

function Actions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [action, setAction] = useState<CaseAction | null>(null);
  const actions = orderActions(detail.allowedActions);
  if (actions.length === 0 && !detail.canRate) return null;
  const size = isMobile ? 'large' : 'middle';
  return (
    <Card size="small" title={t('cases.detail.actions')}>
      <Flex gap={8} wrap vertical={isMobile}>
        {detail.canRate && (
          <Button
            type="primary"
            size={size}
            block={isMobile}
            icon={<StarOutlined />}
            onClick={() => navigate(`/cases/${detail.id}/rate`)}
          >
            {t('cases.detail.rate')}
          </Button>
        )}
        {actions.map((a, index) => (
          <Button
            key={a}
            size={size}
            block={isMobile}
            type={index === 0 && !detail.canRate && FORWARD.includes(a) ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.includes(a)}
            onClick={() => setAction(a)}
          >
            {t(`cases.action.${a}`)}
          </Button>
        ))}
      </Flex>
      <ActionModal detail={detail} action={action} onClose={() => setAction(null)} />
    </Card>
  );
}

/** A handler's job: where, whom to call and what is wrong; nothing else about the household. */
function JobCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('cases.job.title')}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'address', label: t('cases.field.address'), children: detail.address || '—' },
          { key: 'contact', label: t('cases.field.contact'), children: detail.contactName ?? '—' },
          {
            key: 'phone',
            label: t('cases.field.contactPhone'),
            children: detail.contactPhone ? (
              <a href={`tel:${detail.contactPhone.replace(/[^0-9+]/g, '')}`} className="gz-mono">
                <PhoneOutlined /> {detail.contactPhone}
              </a>
            ) : (
              '—'
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, fontSize: 16 }}>
        {detail.description}
      </Typography.Paragraph>
      <PhotoStrip photos={detail.attachments} />
    </Card>
  );
}

/** Roles that may name the other party of a case (the server checks the same). */
const RELATED_NAMERS: readonly CaseRole[] = ['reporter', 'proxy', 'responder', 'supervisor', 'triage'];

/** The other party (AS-01: the upstairs flat); told the outcome at closing. Pick or clear while the case runs. */
function RelatedParty({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useSession();
  const setRelated = useSetRelatedParty();
  const isOpen = !FINAL_CASE_STATES.includes(detail.state);
  const save = (householdId: string | null) =>
    setRelated.mutate(
      { id: detail.id, householdId },
      {
        onSuccess: () => message.success(t('cases.detail.relatedSaved')),
        onError: (e) => message.error(e.message),
      },
    );
  const current = detail.relatedHousehold;
  if (!isOpen || !detail.myRoles.some((r) => RELATED_NAMERS.includes(r)))
    return <>{current?.address ?? '—'}</>;
  return (
    <Flex gap={8} align="center" wrap>
      <HouseholdPicker
        value={null}
        label={current ? current.address : t('cases.detail.pickRelated')}
        isLinkedOnly={isLinkedOnlyFor(session?.positions ?? [])}
        onChange={(h) => save(h.id)}
      />
      {current && (
        <Button size="small" type="link" onClick={() => save(null)} loading={setRelated.isPending}>
          {t('cases.detail.clearRelated')}
        </Button>
      )}
    </Flex>
  );
}

function InfoCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const isFinal = FINAL_CASE_STATES.includes(detail.state);
  const canNameRelated = !isFinal && detail.myRoles.some((r) => RELATED_NAMERS.includes(r));
  const items = [
    { key: 'address', label: t('cases.field.address'), children: detail.address || '—' },
    {
      key: 'reporter',
      label: t('cases.field.reporter'),
      children: detail.reporterName ?? t('cases.detail.anonymous'),
    },
    ...(detail.proxyName
      ? [{ key: 'proxy', label: t('cases.field.proxy'), children: detail.proxyName }]
      : []),
    {
      key: 'contact',
      label: t('cases.field.contact'),
      children: [detail.contactName, detail.contactPhone].filter(Boolean).join(' ') || '—',
    },
    ...(isFinal
      ? []
      : [{ key: 'assignee', label: t('cases.field.assignee'), children: detail.assigneeName ?? '—' }]),
    ...(detail.handlerName || detail.handlerContact
      ? [
          {
            key: 'handler',
            label: t('cases.field.handler'),
            children: [detail.handlerName, detail.handlerContact].filter(Boolean).join(' '),
          },
        ]
      : []),
    ...(detail.dueAt && !isFinal
      ? [{ key: 'due', label: t('cases.field.dueAt'), children: formatDateTime(detail.dueAt) }]
      : []),
    ...(detail.overallDueAt && !isFinal
      ? [
          {
            key: 'overall',
            label: t('cases.field.overallDueAt'),
            children: formatDateTime(detail.overallDueAt),
          },
        ]
      : []),
    ...(detail.extensionRequestedDays
      ? [
          {
            key: 'ext',
            label: t('cases.field.extensionRequested'),
            children: t('cases.detail.days', { count: detail.extensionRequestedDays }),
          },
        ]
      : []),
    ...(detail.parkedReviewOn
      ? [{ key: 'park', label: t('cases.field.parkedReviewOn'), children: formatDate(detail.parkedReviewOn) }]
      : []),
    ...(detail.mergedIntoCaseNo
      ? [{ key: 'merged', label: t('cases.field.mergedInto'), children: detail.mergedIntoCaseNo }]
      : []),
    ...(detail.relatedHousehold || canNameRelated
      ? [{ key: 'related', label: t('cases.field.relatedParty'), children: <RelatedParty detail={detail} /> }]
      : []),
  ];
  return (
    <Card size="small" title={t('cases.detail.info')}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>
        {detail.description}
      </Typography.Paragraph>
      <PhotoStrip photos={detail.attachments} />
      <Descriptions column={isMobile ? 1 : 2} size="small" style={{ marginTop: 12 }} items={items} />
      {detail.reply && (
        <div style={{ marginTop: 12, padding: 12, background: '#f6ffed', borderRadius: 6 }}>
          <Typography.Text strong>{t('cases.field.reply')}</Typography.Text>
          {detail.replyAt && (
            <Typography.Text type="secondary"> · {formatDateTime(detail.replyAt)}</Typography.Text>
          )}
          <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{detail.reply}</div>
        </div>
      )}
    </Card>
  );
}

function Ratings({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.ratings.length === 0) return null;
  return (
    <Card size="small" title={t('cases.detail.ratings')}>
      <Flex vertical gap={8}>
        {detail.ratings.map((r) => (
          <Flex key={r.round} gap={6} wrap align="center">
            <Typography.Text type="secondary">{t('cases.detail.round', { round: r.round })}</Typography.Text>
            <Tag color={r.resolved ? 'green' : 'red'}>
              {r.resolved ? t('cases.rate.resolved') : t('cases.rate.unresolved')}
            </Tag>
            <Tag color={r.satisfaction >= 3 ? 'blue' : 'red'}>
              {t(`cases.satisfaction.${r.satisfaction}`)}
            </Tag>
            {r.isProxyRating && <Tag color="orange">{t('cases.rate.proxyTag')}</Tag>}
            <Typography.Text type="secondary">{formatDateTime(r.ratedAt)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

function History({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  // The server names each step in Chinese; other languages translate the known ones.
  const labelOf = (e: CaseDetail['timeline'][number]) =>
    i18n.language.startsWith('zh')
      ? e.actionLabel
      : t(`cases.event.${e.action}`, {
          defaultValue: t(`cases.action.${e.action}`, { defaultValue: e.actionLabel }),
        });
  return (
    <Card size="small" title={t('cases.detail.timeline')}>
      {detail.timeline.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.detail.noEvents')} />
      ) : (
        <Timeline
          items={detail.timeline.map((e) => ({
            key: e.id,
            color:
              e.toState === 'CLOSED'
                ? 'green'
                : e.toState && FINAL_CASE_STATES.includes(e.toState)
                  ? 'gray'
                  : 'blue',
            content: (
              <Flex vertical gap={4}>
                <span>
                  <Typography.Text strong>{labelOf(e)}</Typography.Text>
                  {e.fromState && e.toState && e.fromState !== e.toState && (
                    <Typography.Text type="secondary">
                      {' '}
                      · {t(`cases.state.${e.fromState}`)} → {t(`cases.state.${e.toState}`)}
                    </Typography.Text>
                  )}
                </span>
                {e.note && <span style={{ whiteSpace: 'pre-wrap' }}>{e.note}</span>}
                <PhotoStrip photos={e.attachments} size={64} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actorName ?? t('cases.detail.system')} · {formatDateTime(e.at)}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** Everything about one case for the person looking at it: the job view for a handler, the full file otherwise. */
export function CaseView({ detail }: { detail: CaseDetail }) {
  if (detail.view === 'job')
    return (
      <Flex vertical gap={12}>
        <Header detail={detail} />
        <Actions detail={detail} />
        <JobCard detail={detail} />
      </Flex>
    );
  return (
    <Flex vertical gap={12}>
      <Header detail={detail} />
      <Actions detail={detail} />
      <InfoCard detail={detail} />
      <Ratings detail={detail} />
      <History detail={detail} />
    </Flex>
  );
}
