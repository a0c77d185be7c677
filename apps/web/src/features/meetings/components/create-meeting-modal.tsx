import { MEETING_LIMITS, MeetingKindSchema } from '@gongzhi/contract/meetings';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useCreateMeeting } from '../api/use-meetings.ts';
import { UserSelect } from './user-select.tsx';

interface Values {
  nodeId: string;
  kind: (typeof MeetingKindSchema.options)[number];
  title: string;
  place: string;
  time: [Dayjs, Dayjs];
  agenda?: string;
  inviteeUserIds?: string[];
  inviteePositionKinds?: string[];
  repeat: 'none' | 'daily' | 'weekly' | 'monthly';
  until?: Dayjs;
  workingDaysOnly?: boolean;
  monthlyBy?: 'monthDay' | 'nthWeekday';
  urgentReason?: string;
}

const FIELDS = ['nodeId', 'kind', 'title', 'place', 'urgentReason', 'inviteeUserIds', 'inviteePositionKinds'];
const POSITION_KINDS = [
  'household_chief',
  'neighbour_chief',
  'group_chief',
  'area_chief',
  'committee_member',
  'grid_worker',
  'party_linker',
] as const;

/** Schedules a meeting (optionally repeating); under 3 days' notice asks for the 紧急通知 reason. */
export function CreateMeetingModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (count: number, firstId: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateMeeting();
  const [error, setError] = useState<string | null>(null);
  const time = Form.useWatch('time', form);
  const repeat = Form.useWatch('repeat', form);
  const isShortNotice =
    Boolean(time?.[0]) && time[0].diff(dayjs(), 'hour', true) < MEETING_LIMITS.noticeDays * 24;

  async function submit(values: Values) {
    setError(null);
    try {
      const result = await create.mutateAsync({
        nodeId: values.nodeId,
        kind: values.kind,
        title: values.title,
        place: values.place,
        startsAt: values.time[0].toISOString(),
        endsAt: values.time[1].toISOString(),
        agenda: (values.agenda ?? '')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        inviteeUserIds: values.inviteeUserIds ?? [],
        inviteePositionKinds: values.inviteePositionKinds ?? [],
        ...(values.repeat !== 'none' && values.until
          ? {
              recurrence: {
                freq: values.repeat,
                until: values.until.format('YYYY-MM-DD'),
                workingDaysOnly: Boolean(values.workingDaysOnly),
                monthlyBy: values.monthlyBy ?? 'monthDay',
              },
            }
          : {}),
        ...(isShortNotice && values.urgentReason ? { urgentReason: values.urgentReason } : {}),
      });
      form.resetFields();
      onCreated(result.items.length, result.items[0]?.id ?? '');
    } catch (e) {
      setError(applyApiErrors(form, e, FIELDS));
    }
  }

  return (
    <Modal
      open={open}
      title={t('meetings.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'chiefs_monthly',
          repeat: 'none',
          monthlyBy: 'monthDay',
          inviteePositionKinds: [],
        }}
      >
        <Form.Item name="nodeId" label={t('meetings.node')} rules={[{ required: true }]}>
          <TerritoryNodeSelect allowClear={false} />
        </Form.Item>
        <Form.Item name="kind" label={t('meetings.kind')} rules={[{ required: true }]}>
          <Select
            options={MeetingKindSchema.options.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('meetings.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="place" label={t('meetings.place')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="time" label={t('meetings.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
          />
        </Form.Item>
        {isShortNotice && (
          <Form.Item
            name="urgentReason"
            label={t('meetings.urgentReason')}
            extra={t('meetings.urgentHint')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item name="agenda" label={t('meetings.agenda')} extra={t('meetings.agendaHint')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="inviteePositionKinds" label={t('meetings.inviteKinds')}>
          <Checkbox.Group
            options={POSITION_KINDS.map((k) => ({ value: k, label: t(`meetings.positionKinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="inviteeUserIds" label={t('meetings.invitees')}>
          <UserSelect mode="multiple" />
        </Form.Item>
        <Form.Item name="repeat" label={t('meetings.repeat')}>
          <Radio.Group
            options={[
              { value: 'none', label: t('meetings.repeatNone') },
              { value: 'daily', label: t('meetings.daily') },
              { value: 'weekly', label: t('meetings.weekly') },
              { value: 'monthly', label: t('meetings.monthly') },
            ]}
          />
        </Form.Item>
        {repeat && repeat !== 'none' && (
          <>
            <Form.Item name="until" label={t('meetings.until')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            {repeat === 'monthly' ? (
              <Form.Item name="monthlyBy" label={t('meetings.monthlyBy')}>
                <Radio.Group
                  options={[
                    { value: 'monthDay', label: t('meetings.monthDay') },
                    { value: 'nthWeekday', label: t('meetings.nthWeekday') },
                  ]}
                />
              </Form.Item>
            ) : (
              <Form.Item name="workingDaysOnly" valuePropName="checked">
                <Checkbox>{t('meetings.workingDaysOnly')}</Checkbox>
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
