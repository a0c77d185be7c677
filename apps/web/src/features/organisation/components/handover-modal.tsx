import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { PositionDetail } from '@gongzhi/contract/organisation';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../lib/business-day.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useHandover, usePositionHouseholds, usePositions } from '../api/use-positions.ts';
import { useCommunityOf, useNode } from '../api/use-territory.ts';

interface Row {
  positionId?: string;
  householdIds?: string[];
}
interface Values {
  to: Row[];
  from: Dayjs;
  until?: Dayjs;
  reason?: string;
  deputyPositionId?: string;
}

/**
 * 临时代管 (AS-09): while a chief is away, other chiefs cover his households. Each row names a stand-in and the
 * households he covers; the absent chief keeps his own links.
 */
export function HandoverModal({
  position,
  open,
  onClose,
}: {
  position: PositionDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const communityId = useCommunityOf(position.nodeId);
  const chain = useNode(position.nodeId);
  const q = useDebounced(search.trim());
  const stand = usePositions(
    { nodeId: communityId ?? position.nodeId, scope: 'subtree', q: q || undefined, limit: 100 },
    open,
  );
  const linked = usePositionHouseholds(open ? position.id : undefined);
  const handover = useHandover();
  const rows = Form.useWatch('to', form) ?? [];

  const own = useMemo(
    () => (linked.data?.pages.flatMap((p) => p.items) ?? []).filter((h) => h.coversPositionId === null),
    [linked.data],
  );
  const active = (stand.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (p) => p.id !== position.id && p.isActive,
  );
  const standIns = active.filter((p) => p.kind === position.kind);
  // A 片长/组长 at the chief's node or above it may act for him (the server checks the same).
  const above = new Set([position.nodeId, ...(chain.data?.ancestors.map((a) => a.id) ?? [])]);
  const deputies = active.filter(
    (p) => (p.kind === 'area_chief' || p.kind === 'group_chief') && above.has(p.nodeId),
  );
  const chosen = new Set(rows.flatMap((r) => r?.householdIds ?? []));
  const uncovered = own.filter((h) => !chosen.has(h.householdId)).length;

  // Spreads the households nobody covers yet evenly over the stand-ins already picked.
  const handleSpread = () => {
    const current: Row[] = form.getFieldValue('to') ?? [];
    const targets = current.map((r, i) => ({ r, i })).filter(({ r }) => r?.positionId);
    if (targets.length === 0) return;
    const rest = own.filter((h) => !current.some((r) => r?.householdIds?.includes(h.householdId)));
    const next = current.map((r) => ({ ...r, householdIds: [...(r?.householdIds ?? [])] }));
    for (const [index, h] of rest.entries()) {
      next[targets[index % targets.length]!.i]!.householdIds!.push(h.householdId);
    }
    form.setFieldValue('to', next);
  };

  const handleFinish = async (values: Values) => {
    setFormError(null);
    const to = values.to
      .filter((r) => r.positionId && (r.householdIds?.length ?? 0) > 0)
      .map((r) => ({ positionId: r.positionId!, householdIds: r.householdIds! }));
    if (to.length === 0) {
      setFormError(t('org.handover.needRows'));
      return;
    }
    try {
      await handover.mutateAsync({
        id: position.id,
        body: {
          to,
          from: values.from.format('YYYY-MM-DD'),
          until: values.until?.format('YYYY-MM-DD'),
          reason: values.reason?.trim() || undefined,
          deputyPositionId: values.deputyPositionId,
        },
      });
      message.success(t('org.handover.saved'));
      onClose();
    } catch (error) {
      setFormError(applyApiErrors(form, error, ['from', 'until', 'reason', 'deputyPositionId']));
    }
  };

  return (
    <Modal
      open={open}
      title={t('org.handover.title', { name: position.holderName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.handover.submit')}
      confirmLoading={handover.isPending}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('org.handover.hint')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={handleFinish}
        initialValues={{ to: [{}], from: businessToday() }}
      >
        <Form.List name="to">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => {
                const others = new Set(
                  rows.filter((_, i) => i !== field.name).flatMap((r) => r?.householdIds ?? []),
                );
                return (
                  <Flex key={field.key} gap={8} align="start" wrap>
                    <Form.Item
                      name={[field.name, 'positionId']}
                      style={{ flex: '1 1 200px', marginBottom: 0 }}
                      rules={[{ required: true, message: t('org.handover.pickChief') }]}
                    >
                      <Select
                        placeholder={t('org.handover.pickChief')}
                        showSearch={{ filterOption: false, onSearch: setSearch }}
                        loading={stand.isLoading}
                        options={standIns.map((p) => ({
                          value: p.id,
                          label: `${p.holderName}（${p.kindLabel} · ${p.nodeName}）`,
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'householdIds']}
                      style={{ flex: '2 1 300px', marginBottom: 0 }}
                    >
                      <Select
                        mode="multiple"
                        placeholder={t('org.handover.pickHouseholds')}
                        maxTagCount="responsive"
                        optionFilterProp="label"
                        options={own
                          .filter((h) => !others.has(h.householdId))
                          .map((h) => ({ value: h.householdId, label: `${h.householdNo} ${h.address}` }))}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                      aria-label={t('org.remove')}
                    />
                  </Flex>
                );
              })}
              <Flex gap={8} wrap>
                <Button icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('org.handover.addRow')}
                </Button>
                <Button onClick={handleSpread}>{t('org.handover.spread')}</Button>
              </Flex>
              <Alert
                type={uncovered > 0 ? 'warning' : 'success'}
                showIcon
                title={
                  uncovered > 0
                    ? t('org.handover.uncovered', { count: uncovered, total: own.length })
                    : t('org.handover.allCovered', { total: own.length })
                }
              />
            </Flex>
          )}
        </Form.List>
        <Flex gap={12} wrap style={{ marginTop: 16 }}>
          <Form.Item
            name="from"
            label={t('org.handover.from')}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="until" label={t('org.handover.until')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="deputyPositionId"
          label={t('org.handover.deputy')}
          extra={t('org.handover.deputyHint')}
        >
          <Select
            allowClear
            placeholder={t('org.handover.pickDeputy')}
            loading={stand.isLoading}
            options={deputies.map((p) => ({
              value: p.id,
              label: `${p.holderName}（${p.kindLabel} · ${p.nodeName}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('org.handover.reason')}>
          <Input maxLength={200} placeholder={t('org.handover.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
