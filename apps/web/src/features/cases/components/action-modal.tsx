import {
  CASE_LIMITS,
  type CaseAction,
  type CaseActionBody,
  type CaseDetail,
  FINAL_CASE_STATES,
} from '@gongzhi/contract/cases';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { Fragment, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useCaseAction, useCommunityCases, useDispatchUsers } from '../api/use-cases.ts';
import { attachmentIds, type PhotoItem, PhotoUploader } from './photo-uploader.tsx';

type Field =
  | 'reply'
  | 'note'
  | 'photos'
  | 'handler'
  | 'handleLimit'
  | 'extensionDays'
  | 'reviewOn'
  | 'merge'
  | 'platform';

/** What each action asks for; the server still decides what is required and says so per field. */
const FIELDS: Record<CaseAction, Field[]> = {
  sign: ['note'],
  pass_up: ['note'],
  handle_locally: ['reply', 'photos', 'note'],
  reject: ['reply', 'note'],
  dispatch: ['handler', 'handleLimit', 'note'],
  escalate: ['platform', 'note'],
  deliberate: ['note'],
  return: ['note'],
  start: ['note'],
  feedback: ['note', 'reply', 'photos'],
  request_extension: ['extensionDays', 'note'],
  approve_extension: ['note'],
  deny_extension: ['note'],
  park: ['reviewOn', 'note'],
  unpark: ['note'],
  escalation_result: ['note', 'reply', 'photos'],
  verify_pass: ['photos', 'note'],
  verify_fail: ['note', 'photos'],
  withdraw: ['note'],
  merge: ['merge', 'note'],
};

/** Fields without which the action makes no sense; checked here so the person is told before sending. */
const REQUIRED: Partial<Record<CaseAction, Field[]>> = {
  reject: ['reply'],
  return: ['note'],
  request_extension: ['extensionDays'],
  park: ['reviewOn', 'note'],
  verify_fail: ['note'],
  merge: ['merge'],
  handle_locally: ['reply'],
  feedback: ['note'],
  escalation_result: ['note'],
};

export const DANGER_ACTIONS: readonly CaseAction[] = [
  'reject',
  'withdraw',
  'verify_fail',
  'deny_extension',
  'return',
];

const PLATFORMS = ['街道综合执法', '街道基层治理四平台', '12345 政务服务热线', '区直职能部门'];
const OPEN_STATES = [
  'SUBMITTED',
  'ACCEPTED',
  'TRIAGE',
  'DISPATCHED',
  'IN_PROGRESS',
  'EXTENSION_PENDING',
  'PARKED',
  'TO_DELIBERATION',
  'ESCALATED',
  'VERIFYING',
  'AWAITING_CONFIRMATION',
  'REOPENED',
] as const;

interface Values {
  reply?: string;
  note?: string;
  handlerUserId?: string;
  handlerName?: string;
  handlerContact?: string;
  handleLimit?: number;
  extensionDays?: number;
  reviewOn?: Dayjs;
  mergeIntoCaseId?: string;
  platform?: string;
}

const FORM_FIELDS = [
  'reply',
  'note',
  'handlerUserId',
  'handlerName',
  'handlerContact',
  'handleLimit',
  'extensionDays',
  'reviewOn',
  'mergeIntoCaseId',
  'platform',
] as const;

function DispatchFields() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const users = useDispatchUsers(useDebounced(search.trim()));
  return (
    <>
      <Form.Item
        name="handlerUserId"
        label={t('cases.field.handlerUser')}
        extra={t('cases.field.handlerUserHint')}
      >
        <Select
          allowClear
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={users.isFetching}
          placeholder={t('cases.field.handlerUserPlaceholder')}
          notFoundContent={users.error ? errorMessage(users.error) : undefined}
          options={(users.data?.items ?? []).map((u) => ({
            value: u.id,
            label: `${u.displayName}（${u.username}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="handlerName" label={t('cases.field.handlerName')}>
        <Input maxLength={50} placeholder={t('cases.field.handlerNamePlaceholder')} />
      </Form.Item>
      <Form.Item name="handlerContact" label={t('cases.field.handlerContact')}>
        <Input maxLength={50} />
      </Form.Item>
    </>
  );
}

function MergeField({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const cases = useCommunityCases(OPEN_STATES);
  const options = (cases.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => c.id !== caseId && !FINAL_CASE_STATES.includes(c.state))
    .map((c) => ({ value: c.id, label: `${c.caseNo} ${c.title}` }));
  return (
    <Form.Item
      name="mergeIntoCaseId"
      label={t('cases.field.mergeInto')}
      rules={[{ required: true, message: t('cases.field.mergeIntoRequired') }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={cases.isLoading}
        options={options}
        notFoundContent={cases.error ? errorMessage(cases.error) : undefined}
        placeholder={t('cases.field.mergeIntoPlaceholder')}
      />
    </Form.Item>
  );
}

/**
 * One case action as a small form. A refusal (409: wrong state or role) is shown in the dialog with the
 * server's reason; per-field problems (400) appear under the fields.
 */
export function ActionModal({
  detail,
  action,
  onClose,
}: {
  detail: CaseDetail;
  action: CaseAction | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const perform = useCaseAction();
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [isUploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const fields = action ? FIELDS[action] : [];
  const required = useMemo(() => new Set(action ? (REQUIRED[action] ?? []) : []), [action]);
  const isOpen = action !== null;
  const label = action ? t(`cases.action.${action}`) : '';

  const close = () => {
    form.resetFields();
    setPhotos([]);
    setProblem(null);
    onClose();
  };

  const finish = (values: Values) => {
    if (!action) return;
    setProblem(null);
    const body: CaseActionBody = {
      note: values.note?.trim() || undefined,
      reply: values.reply?.trim() || undefined,
      attachmentIds: attachmentIds(photos),
      handlerUserId: values.handlerUserId || undefined,
      handlerName: values.handlerName?.trim() || undefined,
      handlerContact: values.handlerContact?.trim() || undefined,
      handleLimit: values.handleLimit ?? undefined,
      extensionDays: values.extensionDays ?? undefined,
      reviewOn: values.reviewOn ? values.reviewOn.format('YYYY-MM-DD') : undefined,
      mergeIntoCaseId: values.mergeIntoCaseId || undefined,
      platform: values.platform?.trim() || undefined,
    };
    perform.mutate(
      { id: detail.id, action, body },
      {
        onSuccess: () => {
          message.success(t('cases.act.done', { action: label }));
          close();
        },
        onError: (error) => {
          const rest = applyApiErrors(form, error, FORM_FIELDS);
          if (!rest) return;
          const isRefused = isApiError(error) && (error.status === 409 || error.status === 403);
          setProblem({
            title: isRefused ? t('cases.act.refused', { action: label }) : t('cases.act.failed'),
            text: rest,
          });
        },
      },
    );
  };

  const noteLabel = action ? t(`cases.noteLabel.${action}`, { defaultValue: t('cases.field.note') }) : '';
  const replyLabel = action ? t(`cases.replyLabel.${action}`, { defaultValue: t('cases.field.reply') }) : '';

  const controls: Record<Field, ReactNode> = {
    reply: (
      <Form.Item
        name="reply"
        label={replyLabel}
        extra={required.has('reply') ? t('cases.field.replyHint') : t('cases.field.replyOptionalHint')}
        rules={[
          {
            required: required.has('reply'),
            whitespace: true,
            message: t('cases.field.required', { label: replyLabel }),
          },
        ]}
      >
        <Input.TextArea maxLength={CASE_LIMITS.noteMax} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    ),
    handler: <DispatchFields />,
    handleLimit: (
      <Form.Item
        name="handleLimit"
        label={t('cases.field.handleLimit')}
        extra={t('cases.field.handleLimitHint')}
      >
        <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} />
      </Form.Item>
    ),
    platform: (
      <Form.Item name="platform" label={t('cases.field.platform')}>
        <Select
          options={PLATFORMS.map((p) => ({ value: p, label: p }))}
          placeholder={t('cases.field.platformPlaceholder')}
        />
      </Form.Item>
    ),
    extensionDays: (
      <Form.Item
        name="extensionDays"
        label={t('cases.field.extensionDays')}
        extra={t('cases.field.extensionDaysHint')}
        rules={[{ required: true, message: t('cases.field.extensionDaysRequired') }]}
      >
        <InputNumber min={1} max={15} precision={0} style={{ width: 160 }} />
      </Form.Item>
    ),
    reviewOn: (
      <Form.Item
        name="reviewOn"
        label={t('cases.field.reviewOn')}
        rules={[{ required: true, message: t('cases.field.reviewOnRequired') }]}
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isBefore(dayjs(), 'day')}
          inputReadOnly
        />
      </Form.Item>
    ),
    merge: <MergeField caseId={detail.id} />,
    note: (
      <Form.Item
        name="note"
        label={noteLabel}
        rules={[
          {
            required: required.has('note'),
            whitespace: true,
            message: t('cases.field.required', { label: noteLabel }),
          },
        ]}
      >
        <Input.TextArea maxLength={CASE_LIMITS.noteMax} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    ),
    photos: (
      <Form.Item label={t('cases.field.photos')} validateStatus={isUploading ? 'validating' : undefined}>
        <PhotoUploader value={photos} onChange={setPhotos} onBusyChange={setUploading} />
      </Form.Item>
    ),
  };

  return (
    <Modal
      open={isOpen}
      title={`${label} · ${detail.caseNo}`}
      okText={label}
      okButtonProps={{
        danger: action ? DANGER_ACTIONS.includes(action) : false,
        disabled: isUploading,
      }}
      confirmLoading={perform.isPending}
      onCancel={close}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={problem.text}
          style={{ marginBottom: 16 }}
          data-testid="action-problem"
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {detail.title}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={finish} requiredMark={false}>
        {fields.map((field) => (
          <Fragment key={field}>{controls[field]}</Fragment>
        ))}
      </Form>
    </Modal>
  );
}
