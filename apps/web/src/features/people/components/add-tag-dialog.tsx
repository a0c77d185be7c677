import type { Tag } from '@gongzhi/contract/people';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import { useAddResidentTag } from '../api/use-add-resident-tag.ts';
import { useTags } from '../api/use-tags.ts';

type Basis = 'consent' | 'separate_consent' | 'statutory_duty' | 'vital_interest';
interface Values {
  tagCode: string;
  lawfulBasis?: Basis;
  consentPurpose?: string;
  consentKind?: 'general' | 'separate' | 'written' | 'guardian';
  consentChannel?: 'app' | 'paper' | 'verbal_via_proxy';
  note?: string;
}

/**
 * Adds a tag. A sensitive tag (health, disability, 低保, 特扶, minors) needs a lawful basis; when the basis is the
 * resident's consent, the consent itself is recorded in the same request.
 */
export function AddTagDialog({
  residentId,
  existing,
  onClose,
}: {
  residentId: string;
  existing: string[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const tags = useTags();
  const add = useAddResidentTag();
  const tagCode = Form.useWatch('tagCode', form);
  const basis = Form.useWatch('lawfulBasis', form);
  const selected: Tag | undefined = tags.data?.items.find((tag) => tag.code === tagCode);
  const needsConsent = basis === 'consent' || basis === 'separate_consent';
  const options = (tags.data?.items ?? [])
    .filter((tag) => !existing.includes(tag.code) && (!tag.isSensitive || can('registry.sensitive')))
    .map((tag) => ({
      value: tag.code,
      label: `${i18n.language === 'en' ? tag.nameEn : tag.nameZh}${tag.isSensitive ? ` · ${t('people.sensitive')}` : ''}`,
    }));

  const handleOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setFormError(null);
    const isSensitive = selected?.isSensitive ?? false;
    add.mutate(
      {
        id: residentId,
        tagCode: values.tagCode,
        note: values.note?.trim() || undefined,
        lawfulBasis: isSensitive ? values.lawfulBasis : undefined,
        consent:
          isSensitive && needsConsent && values.consentPurpose && values.consentKind && values.consentChannel
            ? { purpose: values.consentPurpose, kind: values.consentKind, channel: values.consentChannel }
            : undefined,
      },
      {
        onSuccess: () => {
          message.success(t('people.tagAdded'));
          onClose();
        },
        onError: (error) =>
          setFormError(applyApiErrors(form, error, ['tagCode', 'lawfulBasis', 'note', 'consent'])),
      },
    );
  };

  return (
    <Modal
      open
      title={t('people.addTag')}
      onCancel={onClose}
      onOk={() => void handleOk()}
      okText={t('common.save')}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ consentKind: 'separate', consentChannel: 'paper' }}
      >
        <Form.Item
          name="tagCode"
          label={t('people.tag')}
          rules={[{ required: true, message: t('people.tagRequired') }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={tags.isLoading} />
        </Form.Item>
        {selected?.isSensitive && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('people.sensitiveWarning')}
              style={{ marginBottom: 16 }}
            />
            <Form.Item
              name="lawfulBasis"
              label={t('people.lawfulBasis')}
              rules={[{ required: true, message: t('people.lawfulBasisRequired') }]}
            >
              <Radio.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                options={(['separate_consent', 'consent', 'statutory_duty', 'vital_interest'] as const).map(
                  (b) => ({ value: b, label: t(`enum.lawfulBasis.${b}`) }),
                )}
              />
            </Form.Item>
            {needsConsent && (
              <>
                <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
                  {t('people.consentHint')}
                </Typography.Text>
                <Form.Item
                  name="consentPurpose"
                  label={t('people.consentPurpose')}
                  rules={[{ required: true, whitespace: true, message: t('people.consentPurposeRequired') }]}
                >
                  <Input maxLength={100} placeholder={t('people.consentPurposePlaceholder')} />
                </Form.Item>
                <Form.Item name="consentKind" label={t('people.consentKind')} rules={[{ required: true }]}>
                  <Select
                    options={(['separate', 'written', 'general', 'guardian'] as const).map((k) => ({
                      value: k,
                      label: t(`enum.consentKind.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name="consentChannel"
                  label={t('people.consentChannel')}
                  rules={[{ required: true }]}
                >
                  <Select
                    options={(['paper', 'app', 'verbal_via_proxy'] as const).map((c) => ({
                      value: c,
                      label: t(`enum.consentChannel.${c}`),
                    }))}
                  />
                </Form.Item>
              </>
            )}
          </>
        )}
        <Form.Item name="note" label={t('people.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
