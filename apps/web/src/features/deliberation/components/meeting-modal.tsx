import type { Council } from '@gongzhi/contract/deliberation';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useRecordMeeting } from '../api/use-deliberation.ts';

interface Values {
  heldOn: Dayjs;
  note?: string;
  suggestions: { title: string; description: string; important: boolean }[];
}

/** A sub-council's meeting: its suggestions; those flagged important go to 两委 as topics. */
export function MeetingModal({ council, onClose }: { council: Council | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useRecordMeeting(council?.id ?? '');
  const [message, setMessage] = useState<{ type: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    if (!council) return;
    setMessage(null);
    form.resetFields();
    form.setFieldsValue({ heldOn: dayjs(), suggestions: [{ title: '', description: '', important: true }] });
  }, [council, form]);

  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      { heldOn: v.heldOn.format('YYYY-MM-DD'), note: v.note, suggestions: v.suggestions },
      {
        onSuccess: (r) => {
          setMessage({
            type: 'success',
            text: t('deliberation.councils.forwarded', { count: r.topicIds.length }),
          });
          form.setFieldsValue({ suggestions: [] });
        },
        onError: (e) => setMessage({ type: 'error', text: applyApiErrors(form, e) ?? '' }),
      },
    );
  };

  return (
    <Modal
      open={council !== null}
      title={`${council?.name ?? ''} · ${t('deliberation.councils.meeting')}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={save.isPending}
      width={680}
      destroyOnHidden
    >
      {message?.text && (
        <Alert type={message.type} showIcon message={message.text} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="heldOn" label={t('deliberation.councils.heldOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.List name="suggestions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'title']} rules={[{ required: true }]}>
                    <Input
                      placeholder={t('deliberation.propose.topic')}
                      style={{ width: 180 }}
                      maxLength={60}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true }]}>
                    <Input placeholder={t('deliberation.propose.description')} style={{ width: 240 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'important']} valuePropName="checked">
                    <Checkbox>{t('deliberation.councils.important')}</Checkbox>
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button
                type="dashed"
                block
                onClick={() => add({ title: '', description: '', important: false })}
              >
                {t('deliberation.councils.suggestions')} +
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
