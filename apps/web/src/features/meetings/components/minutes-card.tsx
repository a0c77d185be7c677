import type { MeetingDetail } from '@gongzhi/contract/meetings';
import { App, Button, Card, DatePicker, Flex, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSaveMinutes } from '../api/use-meetings.ts';
import { UserSelect } from './user-select.tsx';

interface Values {
  minutes: string;
  decisions: string;
  newSuggestions: { content: string; raisedBy?: string; ownerUserId: string; dueOn: Dayjs }[];
}

/** Minutes and decisions; suggestions raised at the meeting are entered here, each with owner and due date. */
export function MinutesCard({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveMinutes();
  const people = meeting.invitees.flatMap((i) => (i.userId ? [{ id: i.userId, name: i.name }] : []));

  // A closed meeting's minutes are read-only: corrections go in the amendments below.
  if (!meeting.canManage || meeting.closedAt) {
    return (
      <Card title={t('meetings.detail.minutes')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
          {meeting.minutes ?? '—'}
        </Typography.Paragraph>
        {meeting.decisions.length > 0 && (
          <>
            <Typography.Title level={5}>{t('meetings.detail.decisions')}</Typography.Title>
            <ol>
              {meeting.decisions.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ol>
          </>
        )}
      </Card>
    );
  }

  async function submit(values: Values) {
    try {
      await save.mutateAsync({
        id: meeting.id,
        body: {
          minutes: values.minutes ?? '',
          decisions: (values.decisions ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
          newSuggestions: (values.newSuggestions ?? []).map((s) => ({
            content: s.content,
            ...(s.raisedBy ? { raisedBy: s.raisedBy } : {}),
            ownerUserId: s.ownerUserId,
            dueOn: s.dueOn.format('YYYY-MM-DD'),
          })),
        },
      });
      form.setFieldValue('newSuggestions', []);
      message.success(t('meetings.detail.saved'));
    } catch (e) {
      const text = applyApiErrors(form, e, ['minutes', 'decisions']);
      if (text) message.error(text);
    }
  }

  return (
    <Card title={t('meetings.detail.minutes')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          minutes: meeting.minutes ?? '',
          decisions: meeting.decisions.join('\n'),
          newSuggestions: [],
        }}
      >
        <Form.Item name="minutes" label={t('meetings.detail.minutes')}>
          <Input.TextArea rows={5} maxLength={20000} />
        </Form.Item>
        <Form.Item
          name="decisions"
          label={t('meetings.detail.decisions')}
          extra={t('meetings.detail.decisionsHint')}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        {!meeting.feedbackCompleted && (
          <Form.List name="newSuggestions">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                <Typography.Text strong>{t('meetings.detail.newSuggestions')}</Typography.Text>
                {fields.map((field) => (
                  <Card
                    size="small"
                    key={field.key}
                    extra={
                      <Button size="small" onClick={() => remove(field.name)}>
                        ×
                      </Button>
                    }
                  >
                    <Form.Item
                      name={[field.name, 'content']}
                      label={t('meetings.detail.content')}
                      rules={[{ required: true, max: 2000 }]}
                    >
                      <Input.TextArea rows={2} />
                    </Form.Item>
                    <Flex gap={8} wrap>
                      <Form.Item
                        name={[field.name, 'raisedBy']}
                        label={t('meetings.detail.raisedBy')}
                        style={{ minWidth: 140 }}
                      >
                        <Input maxLength={50} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'ownerUserId']}
                        label={t('meetings.detail.owner')}
                        rules={[{ required: true }]}
                        style={{ minWidth: 200, flex: 1 }}
                      >
                        <UserSelect extra={people} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'dueOn']}
                        label={t('meetings.detail.dueOn')}
                        rules={[{ required: true }]}
                      >
                        <DatePicker />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                <Button onClick={() => add()}>{t('meetings.detail.addSuggestion')}</Button>
              </Flex>
            )}
          </Form.List>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 12 }}>
          {t('meetings.detail.saveMinutes')}
        </Button>
      </Form>
    </Card>
  );
}
