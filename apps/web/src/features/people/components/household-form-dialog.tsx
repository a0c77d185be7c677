import type { HouseholdDetail } from '@gongzhi/contract/people';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useCreateHousehold } from '../api/use-create-household.ts';
import { useUpdateHousehold } from '../api/use-update-household.ts';

interface Values {
  nodeId: string;
  householdNo: string;
  address?: string;
  headResidentId?: string | null;
}

/** Creates a household (then opens it) or edits one's address, place and head. */
export function HouseholdFormDialog({
  household,
  defaultNodeId,
  onClose,
}: {
  household?: HouseholdDetail;
  defaultNodeId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateHousehold();
  const update = useUpdateHousehold();

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFormError(null);
    const onError = (error: Error) =>
      setFormError(applyApiErrors(form, error, ['nodeId', 'householdNo', 'address', 'headResidentId']));
    if (household) {
      update.mutate(
        {
          id: household.id,
          nodeId: values.nodeId,
          address: values.address ?? '',
          headResidentId: values.headResidentId ?? null,
        },
        {
          onSuccess: () => {
            message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { nodeId: values.nodeId, householdNo: values.householdNo, address: values.address ?? '' },
        {
          onSuccess: (created) => {
            message.success(t('people.householdCreated', { no: created.householdNo }));
            onClose();
            navigate(`/households/${created.id}`);
          },
          onError,
        },
      );
    }
  };

  return (
    <Modal
      open
      title={household ? t('people.editHousehold') : t('people.newHousehold')}
      onCancel={onClose}
      onOk={() => void handleOk()}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          household
            ? {
                nodeId: household.nodeId,
                householdNo: household.householdNo,
                address: household.address,
                headResidentId: household.headResidentId,
              }
            : { nodeId: defaultNodeId }
        }
      >
        <Form.Item
          name="householdNo"
          label={t('people.householdNo')}
          rules={[{ required: true, whitespace: true, message: t('people.householdNoRequired') }]}
        >
          <Input maxLength={40} disabled={Boolean(household)} className="gz-mono" />
        </Form.Item>
        <Form.Item
          name="nodeId"
          label={t('people.node')}
          extra={t('people.nodeHint')}
          rules={[{ required: true, message: t('people.nodeRequired') }]}
        >
          <TerritoryNodeSelect allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="address" label={t('people.address')}>
          <Input maxLength={200} placeholder={t('people.addressPlaceholder')} />
        </Form.Item>
        {household && (
          <Form.Item name="headResidentId" label={t('people.head')}>
            <Select
              allowClear
              options={household.residents
                .filter((r) => r.status === 'active')
                .map((r) => ({ value: r.id, label: `${r.name}（${r.relationToHead || '—'}）` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
