import {
  CASE_LIMITS,
  type CaseCategory,
  type CaseChannel,
  type CaseDetail,
  type CaseUrgency,
  CaseUrgencySchema,
  type SubmitCaseBody,
} from '@gongzhi/contract/cases';
import type { HouseholdSummary } from '@gongzhi/contract/people';
import {
  Button,
  DotLoading,
  ErrorBlock,
  Input,
  NoticeBar,
  Result,
  Selector,
  Switch,
  TextArea,
} from 'antd-mobile';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/session.ts';
import { useCaseCategories, useSubmitCase } from '../api/use-cases.ts';
import { HouseholdPicker, isLinkedOnlyFor } from '../components/household-picker.tsx';
import { attachmentIds, type PhotoItem, PhotoUploader } from '../components/photo-uploader.tsx';
import { useElderlyMode } from '../lib/elderly-mode.ts';
import { newIdempotencyKey } from '../lib/idempotency.ts';
import '../cases.css';

/** Chiefs who serve only their linked households (联户): they pick from those, not from a search. */
type Where = 'own' | 'proxy' | 'place';
const ELDERLY_ROOTS = 6;
const OTHER_CATEGORY = 'other';

interface Draft {
  parentCode: string | null;
  categoryCode: string | null;
  description: string;
  where: Where;
  household: HouseholdSummary | null;
  residentId: string | null;
  nodeId: string | null;
  urgency: CaseUrgency | null;
  /** How a cadre received what he records for someone else (null: the default of the place chosen). */
  channel: CaseChannel | null;
  contactPhone: string;
  photos: PhotoItem[];
}

/** Channels a cadre records by hand; resident self-service and 12345 arrive on their own. */
const STAFF_CHANNELS: CaseChannel[] = ['proxy', 'phone', 'suggestion_box', 'wechat', 'patrol', 'meeting'];

const EMPTY: Draft = {
  parentCode: null,
  categoryCode: null,
  description: '',
  where: 'own',
  household: null,
  residentId: null,
  nodeId: null,
  urgency: null,
  channel: null,
  contactPhone: '',
  photos: [],
};

/** After the messages render, bring the first one into view: on a phone it is usually above the button. */
function scrollToFirstError() {
  requestAnimationFrame(() =>
    document
      .querySelector('.gz-case-error, .adm-notice-bar')
      ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
  );
}

/** The title the lists show: the category and the first clause of the description. */
function titleOf(category: CaseCategory | undefined, description: string): string {
  const text = description.trim();
  const clause = text.split(/[。！？!?\n；;，,]/)[0]?.trim() ?? '';
  const first = clause.length >= 4 ? clause : text.slice(0, 20);
  const title = category ? `${category.name}：${first}` : first;
  return title.slice(0, CASE_LIMITS.titleMax);
}

function Section({
  title,
  error,
  children,
}: {
  title: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <section className="gz-case-section">
      <h3>{title}</h3>
      {children}
      {error && (
        <div className="gz-case-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}

function Done({ detail, onAnother }: { detail: CaseDetail; onAnother: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section className="gz-case-section" style={{ padding: '24px 16px' }}>
      <Result
        status="success"
        title={t('cases.report.doneTitle')}
        description={t('cases.report.doneHint')}
        style={{ padding: 0 }}
      />
      <div className="gz-muted" style={{ textAlign: 'center', marginTop: 16 }}>
        {t('cases.report.caseNo')}
      </div>
      <div className="gz-case-no" data-testid="case-no">
        {detail.caseNo}
      </div>
      <div style={{ textAlign: 'center', margin: '8px 0 20px' }}>
        {t(`cases.state.${detail.state}`)}
        {detail.assigneeName ? ` · ${t('cases.report.assignee', { name: detail.assigneeName })}` : ''}
      </div>
      <Button
        block
        color="primary"
        className="gz-case-big-button"
        onClick={() => navigate(`/cases/${detail.id}`)}
      >
        {t('cases.report.follow')}
      </Button>
      <Button block fill="none" style={{ marginTop: 8 }} onClick={onAnother}>
        {t('cases.report.another')}
      </Button>
    </section>
  );
}

/** 报事 on a phone: what happened, where, how urgent, photos. One tap sends it; the case number comes back. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { session, can } = useSession();
  const [isElderly, setElderly] = useElderlyMode();
  const categories = useCaseCategories();
  const submit = useSubmitCase();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [isUploading, setUploading] = useState(false);
  const [done, setDone] = useState<CaseDetail | null>(null);

  const positions = session?.positions ?? [];
  const canProxy = positions.length > 0 && can('cases.submit');
  const isLinkedOnly = isLinkedOnlyFor(positions);
  const canPickPlace = can('territory.view');
  const all = categories.data?.items ?? [];
  const roots = useMemo(() => all.filter((c) => !c.parentCode), [all]);
  const [showAllRoots, setShowAllRoots] = useState(false);
  // 长辈模式 offers the commonest few (catalogue order) and 其他; the rest wait behind “更多”.
  const shownRoots =
    isElderly && !showAllRoots
      ? roots.filter((c, i) => i < ELDERLY_ROOTS || c.code === OTHER_CATEGORY || c.code === draft.parentCode)
      : roots;
  const children = useMemo(
    () => (draft.parentCode ? all.filter((c) => c.parentCode === draft.parentCode) : []),
    [all, draft.parentCode],
  );
  const category = all.find((c) => c.code === draft.categoryCode);
  const urgency = draft.urgency ?? category?.defaultUrgency ?? 'normal';
  const channel = draft.channel ?? (draft.where === 'place' ? 'patrol' : 'proxy');

  const update = (patch: Partial<Draft>, clears: string[] = []) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (clears.length > 0)
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clears.includes(k))));
  };

  // A main category is a valid choice by itself; its sub-categories only sharpen it (tap again to undo).
  const pickRoot = (code: string) =>
    update({ parentCode: code, categoryCode: code, urgency: null }, ['categoryCode']);
  const pickChild = (code: string | undefined) =>
    update({ categoryCode: code ?? draft.parentCode, urgency: null }, ['categoryCode']);

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!draft.categoryCode) found.categoryCode = t('cases.report.needCategory');
    if (!draft.description.trim()) found.description = t('cases.report.needDescription');
    if (draft.where === 'proxy' && !draft.household) found.householdId = t('cases.report.needHousehold');
    if (draft.where === 'place' && !draft.nodeId) found.nodeId = t('cases.report.needPlace');
    return found;
  };

  const send = () => {
    setProblem(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return scrollToFirstError();
    const household = draft.where === 'proxy' ? draft.household : null;
    const body: SubmitCaseBody = {
      title: titleOf(category, draft.description),
      description: draft.description.trim(),
      categoryCode: draft.categoryCode ?? '',
      urgency,
      householdId: household?.id ?? null,
      nodeId: draft.where === 'place' ? draft.nodeId : null,
      reporterResidentId: household ? (draft.residentId ?? household.headResidentId) : null,
      channel: draft.where === 'own' ? undefined : channel,
      contactPhone: draft.contactPhone.trim() || null,
      attachmentIds: attachmentIds(draft.photos),
      idempotencyKey,
    };
    submit.mutate(body, {
      onSuccess: (detail) => {
        setDone(detail);
        window.scrollTo({ top: 0 });
      },
      onError: (error) => {
        const fields = isApiError(error) ? error.fields : {};
        setErrors(fields);
        setProblem(errorMessage(error));
        scrollToFirstError();
      },
    });
  };

  const another = () => {
    setDraft(EMPTY);
    setErrors({});
    setProblem(null);
    setDone(null);
    setIdempotencyKey(newIdempotencyKey());
  };

  const header = (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
      <h2 style={{ margin: 0, fontSize: isElderly ? 28 : 22 }}>{t('cases.report.title')}</h2>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: isElderly ? 20 : 15 }}>
        <span aria-hidden>{t('cases.report.elderly')}</span>
        <Switch
          checked={isElderly}
          onChange={setElderly}
          aria-label={t('cases.report.elderly')}
          style={{ '--height': isElderly ? '36px' : '28px', '--width': isElderly ? '60px' : '48px' }}
        />
      </div>
    </div>
  );

  const className = `gz-case-phone${isElderly ? ' gz-elderly' : ''}`;
  if (done)
    return (
      <div className={className}>
        {header}
        <Done detail={done} onAnother={another} />
      </div>
    );

  const whereOptions: { value: Where; label: string }[] = [
    { value: 'own', label: t('cases.report.whereOwn') },
    ...(canProxy ? [{ value: 'proxy' as const, label: t('cases.report.whereProxy') }] : []),
    ...(canPickPlace ? [{ value: 'place' as const, label: t('cases.report.wherePlace') }] : []),
  ];
  const members = draft.household?.members ?? [];
  const residentId = draft.residentId ?? draft.household?.headResidentId ?? null;

  return (
    <div className={className}>
      {header}
      {problem && (
        <NoticeBar
          color="error"
          content={problem}
          wrap
          closeable
          onClose={() => setProblem(null)}
          style={{ fontSize: isElderly ? 20 : 15 }}
        />
      )}

      <Section title={t('cases.report.what')} error={errors.description ?? errors.title}>
        {categories.isLoading ? (
          <DotLoading color="primary" />
        ) : categories.error ? (
          <ErrorBlock status="default" title={errorMessage(categories.error)} description="" />
        ) : (
          <>
            <Selector
              columns={isElderly ? 2 : 3}
              showCheckMark={false}
              value={draft.parentCode ? [draft.parentCode] : []}
              onChange={(v) => v[0] && pickRoot(v[0])}
              options={shownRoots.map((c) => ({ value: c.code, label: c.name }))}
            />
            {shownRoots.length < roots.length && (
              <Button
                block
                color="primary"
                fill="none"
                onClick={() => setShowAllRoots(true)}
                style={{ marginTop: 8 }}
              >
                {t('cases.report.moreCategories')}
              </Button>
            )}
            {children.length > 0 && !isElderly && (
              <>
                <div className="gz-case-hint" style={{ margin: '12px 0 8px' }}>
                  {t('cases.report.subCategory')}
                </div>
                <Selector
                  columns={isElderly ? 2 : 3}
                  showCheckMark={false}
                  value={
                    draft.categoryCode && draft.categoryCode !== draft.parentCode ? [draft.categoryCode] : []
                  }
                  onChange={(v) => pickChild(v[0])}
                  options={children.map((c) => ({ value: c.code, label: c.name }))}
                />
              </>
            )}
          </>
        )}
        {errors.categoryCode && (
          <div className="gz-case-error" role="alert">
            {errors.categoryCode}
          </div>
        )}
        <div style={{ marginTop: 12 }}>
          <TextArea
            placeholder={t('cases.report.descriptionPlaceholder')}
            value={draft.description}
            onChange={(description) => update({ description }, ['description'])}
            autoSize={{ minRows: isElderly ? 4 : 3, maxRows: 8 }}
            maxLength={CASE_LIMITS.descriptionMax}
            showCount={!isElderly}
            aria-label={t('cases.report.description')}
          />
        </div>
      </Section>

      <Section title={t('cases.report.where')} error={errors.householdId ?? errors.nodeId}>
        {whereOptions.length > 1 && (
          <Selector
            columns={whereOptions.length}
            showCheckMark={false}
            value={[draft.where]}
            onChange={(v) => v[0] && update({ where: v[0] }, ['householdId', 'nodeId'])}
            options={whereOptions}
          />
        )}
        {draft.where === 'own' && (
          <div className="gz-case-hint" style={{ fontSize: isElderly ? 20 : 15 }}>
            {t('cases.report.ownHint')}
          </div>
        )}
        {draft.where === 'proxy' && (
          <div style={{ marginTop: 12, display: 'flex', flexDirection: 'column', gap: 10 }}>
            <HouseholdPicker
              value={draft.household}
              isLinkedOnly={isLinkedOnly}
              onChange={(household) => update({ household, residentId: null }, ['householdId'])}
            />
            {members.length > 1 && (
              <>
                <div className="gz-case-hint">{t('cases.report.onBehalfOf')}</div>
                <Selector
                  columns={isElderly ? 2 : 3}
                  showCheckMark={false}
                  value={residentId ? [residentId] : []}
                  onChange={(v) => v[0] && update({ residentId: v[0] })}
                  options={members.map((m) => ({ value: m.id, label: m.name }))}
                />
              </>
            )}
            {!isElderly && (
              <Input
                placeholder={t('cases.report.contactPhone')}
                value={draft.contactPhone}
                onChange={(contactPhone) => update({ contactPhone }, ['contactPhone'])}
                type="tel"
                clearable
                style={{ '--font-size': '16px', borderBottom: '1px solid #eee', padding: '8px 0' }}
              />
            )}
            {errors.contactPhone && <div className="gz-case-error">{errors.contactPhone}</div>}
          </div>
        )}
        {draft.where !== 'own' && !isElderly && (
          <>
            <div className="gz-case-hint" style={{ marginTop: 12 }}>
              {t('cases.report.channel')}
            </div>
            <Selector
              columns={3}
              showCheckMark={false}
              value={[channel]}
              onChange={(v) => v[0] && update({ channel: v[0] }, ['channel'])}
              options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`cases.report.channelOption.${c}`) }))}
            />
            {errors.channel && <div className="gz-case-error">{errors.channel}</div>}
          </>
        )}
        {draft.where === 'place' && (
          <div style={{ marginTop: 12 }}>
            <TerritoryNodeSelect
              value={draft.nodeId}
              onChange={(nodeId) => update({ nodeId: nodeId ?? null }, ['nodeId'])}
              placeholder={t('cases.report.pickPlace')}
              style={{ width: '100%' }}
              size="large"
            />
          </div>
        )}
      </Section>

      <Section title={t('cases.report.urgency')} error={errors.urgency}>
        <Selector
          columns={3}
          showCheckMark={false}
          value={[urgency]}
          onChange={(v) => v[0] && update({ urgency: v[0] })}
          options={CaseUrgencySchema.options.map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))}
        />
        {urgency === 'critical' && (
          <div className="gz-case-hint" style={{ color: '#cf1322' }}>
            {t('cases.report.criticalHint')}
          </div>
        )}
      </Section>

      <Section title={t('cases.report.photos')} error={errors.attachmentIds}>
        <PhotoUploader
          value={draft.photos}
          onChange={(photos) => update({ photos }, ['attachmentIds'])}
          onBusyChange={setUploading}
          cellSize={isElderly ? 100 : 80}
        />
        <div className="gz-case-hint">
          {t('cases.report.photosHint', { max: CASE_LIMITS.attachmentsMax })}
        </div>
      </Section>

      <Button
        block
        color="primary"
        className="gz-case-big-button"
        loading={submit.isPending}
        disabled={isUploading || submit.isPending}
        onClick={send}
      >
        {isUploading ? t('cases.report.waitPhotos') : t('cases.report.submit')}
      </Button>
      <div style={{ textAlign: 'center', paddingBottom: 8 }}>
        <Link to="/cases/mine">{t('cases.report.myReports')}</Link>
      </div>
    </div>
  );
}
