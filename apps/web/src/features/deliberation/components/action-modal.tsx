import {
  type TopicAction,
  type TopicActionBody,
  type TopicDetail,
  TopicModeSchema,
} from '@gongzhi/contract/deliberation';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useCouncils, useTopicAction } from '../api/use-deliberation.ts';

interface Values {
  reply?: string;
  categoryCode?: string;
  councilId?: string;
  mode?: string;
  scheduledOn?: Dayjs;
  voteWindow?: [Dayjs, Dayjs];
  heldOn?: Dayjs;
  note?: string;
  attendance?: { memberId: string; present: boolean; position?: string }[];
  outcomeKind?: 'consensus' | 'vote';
  votesFor?: number;
  votesAgainst?: number;
  votesAbstain?: number;
  passed?: boolean;
  decision?: string;
  caseOutcome?: 'dispatch' | 'close';
  handlerName?: string;
  items?: { description: string; implementer: string; deadline: Dayjs }[];
  feedback?: string;
}

const DAY = 'YYYY-MM-DD';

function toBody(action: TopicAction, v: Values): TopicActionBody {
  const day = (d: Dayjs | undefined) => d?.format(DAY);
  switch (action) {
    case 'reject':
      return { reply: v.reply };
    case 'convert':
      return { reply: v.reply, categoryCode: v.categoryCode };
    case 'accept':
      return { councilId: v.councilId };
    case 'schedule':
      return {
        councilId: v.councilId,
        mode: v.mode as TopicActionBody['mode'],
        scheduledOn: day(v.scheduledOn),
        voteOpensAt: v.voteWindow?.[0].toISOString(),
        voteClosesAt: v.voteWindow?.[1].toISOString(),
      };
    case 'record':
      return { attendance: v.attendance, heldOn: day(v.heldOn), note: v.note };
    case 'decide':
      return {
        outcomeKind: v.outcomeKind,
        votesFor: v.votesFor,
        votesAgainst: v.votesAgainst,
        votesAbstain: v.votesAbstain,
        passed: v.passed ?? false,
        decision: v.decision,
        caseOutcome: v.caseOutcome,
        handlerName: v.handlerName,
      };
    case 'defer':
      return { note: v.note };
    case 'implement':
      return { items: (v.items ?? []).map((i) => ({ ...i, deadline: i.deadline.format(DAY) })) };
    case 'publish':
      return { feedback: v.feedback };
    default:
      return {};
  }
}

/** One step of the topic's flow: the fields that step needs, the server's field messages under them. */
export function TopicActionModal({
  topic,
  action,
  onClose,
}: {
  topic: TopicDetail;
  action: TopicAction | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const mutation = useTopicAction(topic.id);
  const councils = useCouncils();
  const [topError, setTopError] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form);
  const outcomeKind = Form.useWatch('outcomeKind', form);
  const council = councils.data?.items.find((c) => c.id === (topic.councilId ?? undefined));
  const proposal = topic.scheduleProposal;

  useEffect(() => {
    if (!action) return;
    setTopError(null);
    form.resetFields();
    form.setFieldsValue({
      councilId: topic.councilId ?? undefined,
      scheduledOn: proposal ? dayjs(proposal.proposedOn) : undefined,
      heldOn: dayjs(),
      outcomeKind: topic.mode === 'online' ? 'vote' : 'consensus',
      passed: true,
      attendance: council?.members.map((m) => ({ memberId: m.id, present: true })) ?? [],
      items: [{ description: '', implementer: '', deadline: dayjs().add(1, 'month') }],
    });
  }, [action, form, topic, proposal, council]);

  const submit = async () => {
    const values = await form.validateFields();
    setTopError(null);
    mutation.mutate(
      { action: action!, body: toBody(action!, values) },
      {
        onSuccess: onClose,
        onError: (error) => setTopError(applyApiErrors(form, error)),
      },
    );
  };
  const communityCouncils = councils.data?.items.filter((c) => c.communityId === topic.communityId) ?? [];
  const ruleText = proposal ? t(`deliberation.holidayRule.${proposal.holidayRule}`) : '';

  return (
    <Modal
      open={action !== null}
      title={action ? t(`deliberation.action.${action}`) : ''}
      onCancel={onClose}
      onOk={submit}
      okText={t('deliberation.form.submit')}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={640}
    >
      {topError && <Alert type="error" showIcon message={topError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {(action === 'reject' || action === 'convert') && (
          <Form.Item
            name="reply"
            label={t('deliberation.form.reply')}
            extra={t('deliberation.form.replyHint')}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'convert' && (
          <Form.Item name="categoryCode" label={t('deliberation.form.categoryCode')}>
            <Input placeholder={topic.category} />
          </Form.Item>
        )}
        {(action === 'accept' || action === 'schedule') && (
          <Form.Item name="councilId" label={t('deliberation.form.councilId')}>
            <Select options={communityCouncils.map((c) => ({ value: c.id, label: c.name }))} allowClear />
          </Form.Item>
        )}
        {action === 'schedule' && (
          <>
            {proposal && (
              <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
                <Typography.Text>
                  {t('deliberation.form.proposal', {
                    date: proposal.proposedOn,
                    day: dayjs(proposal.proposedOn).format('dddd'),
                  })}
                </Typography.Text>
                {proposal.conflict && (
                  <Alert
                    type="warning"
                    showIcon
                    message={t('deliberation.form.conflictWarning', {
                      conflict: proposal.conflict,
                      rule: ruleText,
                      date: proposal.proposedOn,
                    })}
                  />
                )}
              </Space>
            )}
            <Form.Item name="mode" label={t('deliberation.form.mode')}>
              <Radio.Group
                options={TopicModeSchema.options.map((m) => ({
                  value: m,
                  label: t(`deliberation.mode.${m}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="scheduledOn" label={t('deliberation.form.scheduledOn')}>
              <DatePicker />
            </Form.Item>
            {mode === 'online' && (
              <Form.Item
                name="voteWindow"
                label={`${t('deliberation.form.voteOpensAt')} – ${t('deliberation.form.voteClosesAt')}`}
              >
                <DatePicker.RangePicker showTime />
              </Form.Item>
            )}
          </>
        )}
        {action === 'record' && (
          <>
            <Form.Item name="heldOn" label={t('deliberation.form.heldOn')}>
              <DatePicker />
            </Form.Item>
            <Form.List name="attendance">
              {(fields) =>
                fields.map((field) => {
                  const member = council?.members[field.name];
                  return (
                    <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                      <Typography.Text style={{ width: 140, display: 'inline-block', paddingTop: 4 }}>
                        {member?.name}（{member ? t(`deliberation.party.${member.party}`) : ''}）
                      </Typography.Text>
                      <Form.Item name={[field.name, 'memberId']} hidden>
                        <Input />
                      </Form.Item>
                      <Form.Item name={[field.name, 'present']} valuePropName="checked">
                        <Switch
                          checkedChildren={t('deliberation.topic.present')}
                          unCheckedChildren={t('deliberation.topic.absent')}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'position']}>
                        <Input placeholder={t('deliberation.topic.position')} style={{ width: 260 }} />
                      </Form.Item>
                    </Space>
                  );
                })
              }
            </Form.List>
            <Form.Item name="note" label={t('deliberation.form.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {action === 'decide' && (
          <>
            {topic.mode !== 'online' && (
              <Form.Item name="outcomeKind" label={t('deliberation.form.outcomeKind')}>
                <Radio.Group
                  options={[
                    { value: 'consensus', label: t('deliberation.topic.consensus') },
                    { value: 'vote', label: t('deliberation.topic.vote') },
                  ]}
                />
              </Form.Item>
            )}
            {outcomeKind === 'vote' && topic.mode !== 'online' && (
              <Space>
                <Form.Item name="votesFor" label={t('deliberation.form.votesFor')}>
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="votesAgainst" label={t('deliberation.form.votesAgainst')}>
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="votesAbstain" label={t('deliberation.form.votesAbstain')}>
                  <InputNumber min={0} />
                </Form.Item>
              </Space>
            )}
            <Form.Item name="passed" label={t('deliberation.form.passed')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="decision" label={t('deliberation.form.decision')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            {topic.caseId && (
              <>
                <Form.Item name="caseOutcome" label={t('deliberation.form.caseOutcome')}>
                  <Radio.Group
                    options={(['dispatch', 'close'] as const).map((o) => ({
                      value: o,
                      label: t(`deliberation.topic.caseOutcome.${o}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="handlerName" label={t('deliberation.form.handlerName')}>
                  <Input maxLength={50} />
                </Form.Item>
              </>
            )}
          </>
        )}
        {action === 'defer' && (
          <Form.Item name="note" label={t('deliberation.form.deferNote')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {action === 'implement' && (
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap>
                    <Form.Item name={[field.name, 'description']} rules={[{ required: true }]}>
                      <Input placeholder={t('deliberation.topic.items')} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'implementer']} rules={[{ required: true }]}>
                      <Input placeholder={t('deliberation.topic.implementer')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'deadline']} rules={[{ required: true }]}>
                      <DatePicker placeholder={t('deliberation.topic.deadline')} />
                    </Form.Item>
                    <Button type="link" onClick={() => remove(field.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <Button
                  type="dashed"
                  block
                  onClick={() => add({ description: '', implementer: '', deadline: dayjs().add(1, 'month') })}
                >
                  {t('deliberation.form.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        {action === 'publish' && (
          <Form.Item name="feedback" label={t('deliberation.form.feedback')}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
