import {
  type CaseCategorySetting,
  type CaseLimits,
  type CaseUrgency,
  type CreateCaseCategoryBody,
  clearCaseLimitOverride,
  createCaseCategory,
  listCaseCategorySettings,
  retireCaseCategory,
  type SetCaseLimitOverrideBody,
  setCaseLimitOverride,
  type UpdateCaseCategoryBody,
  updateCaseCategory,
} from '@gongzhi/contract/cases';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { ErrorState } from '../../../components/ui/query-state.tsx';
import { call } from '../../../lib/api-client.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { caseKeys } from '../api/keys.ts';

const UNITS = ['natural_hours', 'natural_days', 'working_hours', 'working_days'] as const;
type Unit = (typeof UNITS)[number];
const URGENCIES: CaseUrgency[] = ['normal', 'urgent', 'critical'];

const settingsKey = (communityId: string | null) => [...caseKeys.all, 'settings', communityId ?? ''] as const;

function useSettings(communityId: string | null) {
  return useQuery({
    queryKey: settingsKey(communityId),
    queryFn: () => call(listCaseCategorySettings, { query: { communityId: communityId ?? undefined } }),
  });
}

/** Every settings change also changes what intake offers, so the category list is refreshed too. */
function useSettingsMutation<V>(fn: (v: V) => Promise<CaseCategorySetting>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...caseKeys.all, 'settings'] });
      void queryClient.invalidateQueries({ queryKey: caseKeys.categories });
    },
  });
}

/** "签收 24 小时 · 分拨 1 个工作日 · 办理 7 个工作日" */
export function formatLimits(t: TFunction, l: CaseLimits): string {
  const amount = (n: number, unit: Unit) => t(`cases.settings.unit.${unit}`, { n });
  return [
    t('cases.settings.sign', { value: amount(l.signLimitHours, 'natural_hours') }),
    t('cases.settings.triage', { value: amount(l.triageLimit, l.triageUnit) }),
    t('cases.settings.handle', { value: amount(l.handleLimit, l.handleUnit) }),
  ].join(' · ');
}

interface Row extends CaseCategorySetting {
  children?: Row[];
}

function treeOf(items: CaseCategorySetting[]): Row[] {
  const byCode = new Map<string, Row>(items.map((i) => [i.code, { ...i }]));
  const roots: Row[] = [];
  for (const row of byCode.values()) {
    const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
    if (!parent) roots.push(row);
    else if (parent.children) parent.children.push(row);
    else parent.children = [row];
  }
  return roots;
}

function UnitSelect(props: {
  value?: Unit | null;
  onChange?: (v: Unit | null) => void;
  allowClear?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      {...props}
      style={{ width: 130 }}
      options={UNITS.map((u) => ({ value: u, label: t(`cases.settings.unitName.${u}`) }))}
    />
  );
}

const LIMIT_FIELDS = ['signLimitHours', 'triageLimit', 'triageUnit', 'handleLimit', 'handleUnit'] as const;

/** Limit inputs shared by the category and the community dialogs; `placeholder` shows the inherited value. */
function LimitFields({ inherited, isRequired }: { inherited?: CaseLimits; isRequired: boolean }) {
  const { t } = useTranslation();
  const rules = isRequired ? [{ required: true, message: t('cases.settings.required') }] : [];
  const hint = (n: number | undefined) => (n === undefined ? undefined : t('cases.settings.inherit', { n }));
  return (
    <>
      <Form.Item name="signLimitHours" label={t('cases.settings.field.sign')} rules={rules}>
        <InputNumber
          min={1}
          max={720}
          precision={0}
          addonAfter={t('cases.settings.unitName.natural_hours')}
          placeholder={hint(inherited?.signLimitHours)}
        />
      </Form.Item>
      <Form.Item label={t('cases.settings.field.triage')} required={isRequired}>
        <Space.Compact>
          <Form.Item name="triageLimit" noStyle rules={rules}>
            <InputNumber min={1} max={60} precision={0} placeholder={hint(inherited?.triageLimit)} />
          </Form.Item>
          <Form.Item name="triageUnit" noStyle rules={rules}>
            <UnitSelect allowClear={!isRequired} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('cases.settings.field.handle')} required={isRequired}>
        <Space.Compact>
          <Form.Item name="handleLimit" noStyle rules={rules}>
            <InputNumber min={1} max={60} precision={0} placeholder={hint(inherited?.handleLimit)} />
          </Form.Item>
          <Form.Item name="handleUnit" noStyle rules={rules}>
            <UnitSelect allowClear={!isRequired} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
    </>
  );
}

type CategoryValues = CreateCaseCategoryBody & { parentCode?: string | null };

/** Creates a category (parent optional) or edits one's name, default urgency and district limits. */
function CategoryModal({
  open,
  editing,
  parents,
  onClose,
}: {
  open: boolean;
  editing: CaseCategorySetting | null;
  parents: CaseCategorySetting[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CategoryValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useSettingsMutation((body: CreateCaseCategoryBody) => call(createCaseCategory, { body }));
  const update = useSettingsMutation(({ code, body }: { code: string; body: UpdateCaseCategoryBody }) =>
    call(updateCaseCategory, { params: { code }, body }),
  );

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, defaultUrgency: editing.defaultUrgency, ...editing.limits }
        : {
            defaultUrgency: 'normal',
            signLimitHours: 24,
            triageLimit: 1,
            triageUnit: 'working_days',
            handleLimit: 7,
            handleUnit: 'working_days',
          },
    );
  }, [open, editing, form]);

  const handleFinish = async (values: CategoryValues) => {
    setFormError(null);
    try {
      if (editing) {
        const { code: _code, parentCode: _parent, ...body } = values;
        await update.mutateAsync({ code: editing.code, body });
      } else {
        await create.mutateAsync({ ...values, parentCode: values.parentCode || null });
      }
      onClose();
    } catch (error) {
      setFormError(
        applyApiErrors(form, error, ['code', 'parentCode', 'name', 'defaultUrgency', ...LIMIT_FIELDS]),
      );
    }
  };

  return (
    <Modal
      open={open}
      title={
        editing ? t('cases.settings.editTitle', { name: editing.name }) : t('cases.settings.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('cases.settings.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={handleFinish} requiredMark="optional">
        {!editing && (
          <>
            <Form.Item name="parentCode" label={t('cases.settings.field.parent')}>
              <Select
                allowClear
                placeholder={t('cases.settings.topLevel')}
                options={parents.map((p) => ({ value: p.code, label: p.name }))}
              />
            </Form.Item>
            <Form.Item
              name="code"
              label={t('cases.settings.field.code')}
              extra={t('cases.settings.codeHint')}
              rules={[{ required: true, message: t('cases.settings.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="name"
          label={t('cases.settings.field.name')}
          rules={[{ required: true, message: t('cases.settings.required') }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="defaultUrgency" label={t('cases.settings.field.urgency')}>
          <Select options={URGENCIES.map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} />
        </Form.Item>
        <LimitFields isRequired />
      </Form>
    </Modal>
  );
}

type OverrideValues = { [K in keyof SetCaseLimitOverrideBody]: SetCaseLimitOverrideBody[K] | undefined };

/** The community's own limits for one category; an empty field keeps the district default. */
function OverrideModal({
  communityId,
  communityName,
  category,
  onClose,
}: {
  communityId: string;
  communityName: string;
  category: CaseCategorySetting | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OverrideValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSettingsMutation(({ code, body }: { code: string; body: SetCaseLimitOverrideBody }) =>
    call(setCaseLimitOverride, { params: { communityId, code }, body }),
  );

  useEffect(() => {
    if (!category) return;
    setFormError(null);
    form.resetFields();
    const o = category.override;
    form.setFieldsValue({
      signLimitHours: o?.signLimitHours ?? undefined,
      triageLimit: o?.triageLimit ?? undefined,
      triageUnit: o?.triageUnit ?? undefined,
      handleLimit: o?.handleLimit ?? undefined,
      handleUnit: o?.handleUnit ?? undefined,
    });
  }, [category, form]);

  const handleFinish = async (values: OverrideValues) => {
    if (!category) return;
    setFormError(null);
    const body = Object.fromEntries(
      LIMIT_FIELDS.map((f) => [f, values[f] ?? null]),
    ) as SetCaseLimitOverrideBody;
    try {
      await save.mutateAsync({ code: category.code, body });
      onClose();
    } catch (error) {
      setFormError(applyApiErrors(form, error, LIMIT_FIELDS));
    }
  };

  return (
    <Modal
      open={Boolean(category)}
      title={t('cases.settings.overrideTitle', { community: communityName, name: category?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('cases.settings.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      {category && (
        <Typography.Paragraph type="secondary">
          {t('cases.settings.districtDefault', { value: formatLimits(t, category.limits) })}
          <br />
          {t('cases.settings.overrideHint')}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={handleFinish}>
        <LimitFields inherited={category?.limits} isRequired={false} />
      </Form>
    </Modal>
  );
}

/** 诉求类别与时限: the district catalogue with default urgency and limits, and each community's own limits. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const [editing, setEditing] = useState<CaseCategorySetting | null>(null);
  const [isCreating, setCreating] = useState(false);
  const [overriding, setOverriding] = useState<CaseCategorySetting | null>(null);
  // The first answer tells which communities the caller may set; a committee member starts on her own.
  const first = useSettings(null);
  const communities = first.data?.communities ?? [];
  const communityId =
    chosen !== undefined
      ? chosen
      : first.data && !first.data.canEditCatalogue
        ? (communities[0]?.id ?? null)
        : null;
  const query = useSettings(communityId);
  const data = query.data ?? (communityId === null ? first.data : undefined);
  const canEdit = data?.canEditCatalogue ?? false;
  const communityName = communities.find((c) => c.id === communityId)?.name ?? '';
  const rows = useMemo(() => treeOf(data?.items ?? []), [data]);
  const parents = (data?.items ?? []).filter((i) => !i.isRetired && !i.parentCode);

  const retire = useSettingsMutation((code: string) => call(retireCaseCategory, { params: { code } }));
  const clear = useSettingsMutation((code: string) =>
    call(clearCaseLimitOverride, { params: { communityId: communityId ?? '', code } }),
  );
  const onDone = (text: string) => ({
    onSuccess: () => message.success(text),
    onError: (error: Error) => message.error(error.message),
  });

  if (first.isError) return <ErrorState error={first.error} onRetry={() => void first.refetch()} />;

  return (
    <div className="gz-page">
      <PageHeader
        title={t('cases.settings.title')}
        subtitle={t('cases.settings.subtitle')}
        extra={
          <Space wrap>
            <Select
              style={{ minWidth: 200 }}
              value={communityId ?? ''}
              onChange={(v) => setChosen(v || null)}
              aria-label={t('cases.settings.community')}
              options={[
                ...(canEdit ? [{ value: '', label: t('cases.settings.districtOnly') }] : []),
                ...communities.map((c) => ({ value: c.id, label: c.name })),
              ]}
            />
            {canEdit && (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t('cases.settings.create')}
              </Button>
            )}
          </Space>
        }
      />
      {query.isError && <Alert type="error" showIcon title={(query.error as Error).message} />}
      <Card size="small">
        <Table<Row>
          rowKey="code"
          size="middle"
          loading={query.isLoading && !data}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('cases.settings.col.name'),
              key: 'name',
              render: (_, r) => (
                <Space size={4}>
                  <span>{r.name}</span>
                  {r.isRetired && <Tag>{t('cases.settings.retired')}</Tag>}
                </Space>
              ),
            },
            { title: t('cases.settings.col.code'), dataIndex: 'code', width: 150 },
            {
              title: t('cases.settings.col.urgency'),
              key: 'urgency',
              width: 100,
              render: (_, r) => t(`cases.urgency.${r.defaultUrgency}`),
            },
            {
              title: t('cases.settings.col.limits'),
              key: 'limits',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span>{formatLimits(t, r.limits)}</span>
                  {r.override && (
                    <Typography.Text type="warning">
                      {t('cases.settings.thisCommunity', { value: formatLimits(t, r.effective) })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('cases.settings.col.actions'),
              key: 'actions',
              width: 260,
              render: (_, r) =>
                r.isRetired ? null : (
                  <Space size={0} wrap>
                    {canEdit && (
                      <Button type="link" size="small" onClick={() => setEditing(r)}>
                        {t('cases.settings.edit')}
                      </Button>
                    )}
                    {canEdit && (
                      <Popconfirm
                        title={t('cases.settings.retireConfirm', { name: r.name })}
                        onConfirm={() => retire.mutate(r.code, onDone(t('cases.settings.retiredOk')))}
                      >
                        <Button type="link" size="small" danger>
                          {t('cases.settings.retire')}
                        </Button>
                      </Popconfirm>
                    )}
                    {communityId && (
                      <Button type="link" size="small" onClick={() => setOverriding(r)}>
                        {t('cases.settings.override')}
                      </Button>
                    )}
                    {communityId && r.override && (
                      <Popconfirm
                        title={t('cases.settings.clearConfirm')}
                        onConfirm={() => clear.mutate(r.code, onDone(t('cases.settings.clearedOk')))}
                      >
                        <Button type="link" size="small">
                          {t('cases.settings.clear')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <CategoryModal
        open={isCreating || Boolean(editing)}
        editing={editing}
        parents={parents}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      {communityId && (
        <OverrideModal
          communityId={communityId}
          communityName={communityName}
          category={overriding}
          onClose={() => setOverriding(null)}
        />
      )}
    </div>
  );
}
