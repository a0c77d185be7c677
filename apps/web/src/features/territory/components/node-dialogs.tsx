import { LOCAL_LEVELS, type TerritoryNode } from '@gongzhi/contract/territory';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useCreateTerritoryNode } from '../api/use-create-territory-node.ts';
import { useLevelTemplate } from '../api/use-level-template.ts';
import { useMoveTerritoryNode } from '../api/use-move-territory-node.ts';
import { useRenameTerritoryNode } from '../api/use-rename-territory-node.ts';

type LocalLevel = (typeof LOCAL_LEVELS)[number];

/** The levels that may sit below `level`, named and filtered by the community's template. */
function childLevelChoices(
  level: TerritoryNode['level'],
  template: { levels: { level: LocalLevel; name: string; isUsed: boolean }[] } | undefined,
) {
  // Communities are created by setup from the national codes; local levels start below them.
  if (level === 'district' || level === 'subdistrict') return [];
  const start = level === 'community' ? 0 : LOCAL_LEVELS.indexOf(level as LocalLevel) + 1;
  return LOCAL_LEVELS.slice(start)
    .map((l) => template?.levels.find((d) => d.level === l))
    .filter((d): d is { level: LocalLevel; name: string; isUsed: boolean } => Boolean(d?.isUsed))
    .map((d) => ({ value: d.level, label: d.name }));
}

interface AddValues {
  level: LocalLevel;
  name: string;
  validFrom?: Dayjs;
}

export function AddChildDialog({
  parent,
  communityId,
  open,
  onClose,
}: {
  parent: TerritoryNode;
  communityId: string | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const template = useLevelTemplate(communityId);
  const create = useCreateTerritoryNode();
  const choices = childLevelChoices(parent.level, template.data);
  const firstChoice = choices[0]?.value;

  // The template arrives after the form mounts: preselect the level right below the parent.
  useEffect(() => {
    if (firstChoice && !form.getFieldValue('level')) form.setFieldValue('level', firstChoice);
  }, [firstChoice, form]);

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFormError(null);
    create.mutate(
      {
        parentId: parent.id,
        level: values.level,
        name: values.name,
        validFrom: values.validFrom?.format('YYYY-MM-DD'),
      },
      {
        onSuccess: (node) => {
          message.success(t('territory.created', { name: node.name }));
          form.resetFields();
          onClose();
        },
        onError: (error) => setFormError(applyApiErrors(form, error, ['level', 'name', 'validFrom'])),
      },
    );
  };

  return (
    <Modal
      title={t('territory.addChildTo', { name: parent.name })}
      open={open}
      onCancel={onClose}
      onOk={() => void handleOk()}
      confirmLoading={create.isPending}
      okText={t('common.save')}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="level"
          label={t('territory.level')}
          rules={[{ required: true, message: t('territory.levelRequired') }]}
        >
          <Select
            options={choices}
            loading={template.isLoading}
            notFoundContent={t('territory.noChildLevels')}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('territory.name')}
          rules={[{ required: true, whitespace: true, message: t('territory.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('territory.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="validFrom" label={t('territory.validFrom')} extra={t('territory.validFromHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RenameDialog({
  node,
  open,
  onClose,
}: {
  node: TerritoryNode;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const rename = useRenameTerritoryNode();
  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { name } = values;
    rename.mutate(
      { id: node.id, name },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
        },
        onError: (error) => setFormError(applyApiErrors(form, error, ['name'])),
      },
    );
  };
  return (
    <Modal
      title={t('territory.rename')}
      open={open}
      onCancel={onClose}
      onOk={() => void handleOk()}
      confirmLoading={rename.isPending}
      okText={t('common.save')}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ name: node.name }} preserve={false}>
        <Form.Item
          name="name"
          label={t('territory.name')}
          rules={[{ required: true, whitespace: true, message: t('territory.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MoveDialog({
  node,
  open,
  onClose,
}: {
  node: TerritoryNode;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [parentId, setParentId] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const move = useMoveTerritoryNode();
  const handleOk = () => {
    if (!parentId) {
      setFormError(t('territory.pickParent'));
      return;
    }
    move.mutate(
      { id: node.id, parentId },
      {
        onSuccess: () => {
          message.success(t('territory.moved', { name: node.name }));
          onClose();
        },
        onError: (error) => setFormError(error.message),
      },
    );
  };
  return (
    <Modal
      title={t('territory.moveNode', { name: node.name })}
      open={open}
      onCancel={onClose}
      onOk={handleOk}
      confirmLoading={move.isPending}
      okText={t('territory.move')}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form layout="vertical">
        <Form.Item label={t('territory.newParent')} extra={t('territory.moveHint')} required>
          <TerritoryNodeSelect
            value={parentId}
            onChange={setParentId}
            excludeId={node.id}
            allowClear={false}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
