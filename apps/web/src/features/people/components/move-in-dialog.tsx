import type { Resident } from '@gongzhi/contract/people';
import { Alert, App, AutoComplete, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday, isAfterBusinessToday } from '../../../lib/business-day.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useMoveInResident } from '../api/use-move-in-resident.ts';
import { useResidents } from '../api/use-residents.ts';
import { RELATION_OPTIONS, toOptions } from './field-options.ts';
import { StatusTag } from './status-tag.tsx';

const isHere = (r: Resident, householdId: string) => r.status === 'active' && r.householdId === householdId;

interface Values {
  residentId: string;
  occurredOn: Dayjs;
  relationToHead?: string;
  note?: string;
}

/**
 * 迁入 into one household: with `resident` given, that moved-out member moves back (迁回); without, the worker
 * searches the registry for a moved-out resident to bring back or an active one to transfer from his household.
 */
export function MoveInDialog({
  household,
  resident,
  onClose,
}: {
  household: { id: string; householdNo: string };
  resident?: Resident;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Resident | undefined>(resident);
  const moveIn = useMoveInResident();

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !picked) return;
    moveIn.mutate(
      {
        id: picked.id,
        householdId: household.id,
        occurredOn: values.occurredOn.format('YYYY-MM-DD'),
        relationToHead: values.relationToHead?.trim() || undefined,
        note: values.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('people.movedIn', { name: picked.name, no: household.householdNo }));
          onClose();
        },
        onError: (error) =>
          setFormError(applyApiErrors(form, error, ['occurredOn', 'relationToHead', 'note'])),
      },
    );
  };

  return (
    <Modal
      open
      title={
        resident
          ? t('people.moveBackTitle', { name: resident.name, no: household.householdNo })
          : t('people.moveInTitle', { no: household.householdNo })
      }
      onCancel={onClose}
      onOk={() => void handleOk()}
      okText={t('common.confirm')}
      confirmLoading={moveIn.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          occurredOn: businessToday(),
          residentId: resident?.id,
          relationToHead: resident?.relationToHead,
        }}
        onValuesChange={() => setFormError(null)}
      >
        {!resident && (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('people.moveInHint')}
            </Typography.Paragraph>
            <Form.Item
              name="residentId"
              label={t('people.moveInWho')}
              rules={[{ required: true, message: t('people.moveInWhoRequired') }]}
            >
              <ResidentPicker
                householdId={household.id}
                picked={picked}
                onPick={(r) => {
                  setPicked(r);
                  // In the new household the relation usually changes; start from the current one.
                  form.setFieldValue('relationToHead', r?.relationToHead);
                }}
              />
            </Form.Item>
          </>
        )}
        {picked && !isHere(picked, household.id) && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              picked.status === 'active'
                ? t('people.moveInTransfer', { name: picked.name, from: picked.householdNo })
                : picked.householdId === household.id
                  ? t('people.moveBackHint', { name: picked.name })
                  : t('people.moveInReturn', { name: picked.name, from: picked.householdNo })
            }
          />
        )}
        {picked && (
          <Form.Item name="relationToHead" label={t('people.relationToHead')}>
            <AutoComplete options={toOptions(RELATION_OPTIONS)} maxLength={20} />
          </Form.Item>
        )}
        <Form.Item
          name="occurredOn"
          label={t('people.moveInDate')}
          rules={[{ required: true, message: t('people.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isAfterBusinessToday} />
        </Form.Item>
        <Form.Item name="note" label={t('people.note')}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={t('people.moveInNotePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Searches the registry by name, ID or phone; before anything is typed it lists the moved-out residents. */
function ResidentPicker({
  householdId,
  picked,
  id,
  value,
  onChange,
  onPick,
}: {
  householdId: string;
  picked: Resident | undefined;
  id?: string;
  value?: string;
  onChange?: (id: string) => void;
  onPick: (r: Resident | undefined) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  // Those who moved out are the usual ones to come back, so they are offered first.
  const candidates = useResidents(q ? { q } : { status: 'moved_out' });
  const found = (candidates.data?.pages.flatMap((p) => p.items) ?? []).filter((r) => r.status !== 'deceased');
  // Keep the choice visible when a later search no longer lists it.
  if (picked && !found.some((r) => r.id === picked.id)) found.unshift(picked);
  return (
    <Select
      id={id}
      value={value}
      placeholder={t('people.searchResidents')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={candidates.isFetching}
      notFoundContent={candidates.isFetching ? undefined : t('people.noMatch')}
      onChange={(id: string) => {
        onChange?.(id);
        onPick(found.find((r) => r.id === id));
      }}
      options={found.map((r) => ({
        value: r.id,
        disabled: isHere(r, householdId),
        label: (
          <Flex align="center" gap={6}>
            <span>{r.name}</span>
            <Typography.Text type="secondary" className="gz-mono" style={{ fontSize: 12 }}>
              {r.idNoMasked ?? ''}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('people.householdTitle', { no: r.householdNo })}
            </Typography.Text>
            <StatusTag status={r.status} />
          </Flex>
        ),
      }))}
    />
  );
}
