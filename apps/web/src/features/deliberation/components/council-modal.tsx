import { type Council, CouncilPartySchema, type SaveCouncilBody } from '@gongzhi/contract/deliberation';
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSaveCouncil } from '../api/use-deliberation.ts';

type Values = Omit<SaveCouncilBody, 'members'> & {
  members: { name: string; party: string; userId?: string | null }[];
};

/** Creates or edits a council: leader, parent, regular day, holiday, quorum and majority, members by party. */
export function CouncilModal({
  open,
  council,
  councils,
  onClose,
}: {
  open: boolean;
  council: Council | null;
  councils: Council[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveCouncil();
  const [topError, setTopError] = useState<string | null>(null);
  const communityId = Form.useWatch('communityId', form);

  useEffect(() => {
    if (!open) return;
    setTopError(null);
    form.resetFields();
    form.setFieldsValue(
      council
        ? {
            communityId: council.communityId,
            parentId: council.parentId,
            name: council.name,
            leaderName: council.leaderName,
            leaderPositionId: council.leaderPositionId,
            regularWeek: council.regularWeek,
            regularWeekday: council.regularWeekday,
            holidayRule: council.holidayRule,
            quorumPercent: council.quorumPercent,
            majorityPercent: council.majorityPercent,
            members: council.members.map((m) => ({ name: m.name, party: m.party, userId: m.userId })),
          }
        : {
            regularWeek: 1,
            regularWeekday: 5,
            holidayRule: 'next_working_day',
            quorumPercent: 50,
            majorityPercent: 50,
            members: [],
          },
    );
  }, [open, council, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      ...v,
      members: v.members.map((m) => ({ ...m, userId: m.userId?.trim() || null })),
    } as SaveCouncilBody;
    save.mutate(
      { id: council?.id ?? null, body },
      { onSuccess: onClose, onError: (e) => setTopError(applyApiErrors(form, e)) },
    );
  };
  const weekdays = t('deliberation.weekday', { returnObjects: true }) as string[];
  const weeks = t('deliberation.weekNo', { returnObjects: true }) as string[];
  const parents = councils.filter(
    (c) => c.communityId === communityId && !c.parentId && c.id !== council?.id,
  );

  return (
    <Modal
      open={open}
      title={council ? t('deliberation.councils.edit') : t('deliberation.councils.add')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      {topError && <Alert type="error" showIcon message={topError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="communityId"
          label={t('deliberation.councils.community')}
          rules={[{ required: true }]}
        >
          <TerritoryNodeSelect allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="name" label={t('deliberation.councils.name')} rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="parentId" label={t('deliberation.councils.parent')}>
          <Select allowClear options={parents.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="leaderName" label={t('deliberation.councils.leader')}>
          <Input maxLength={50} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="regularWeek" label={t('deliberation.councils.rule')}>
            <Select
              style={{ width: 120 }}
              options={[1, 2, 3, 4].map((w) => ({ value: w, label: weeks[w] }))}
            />
          </Form.Item>
          <Form.Item name="regularWeekday" label=" ">
            <Select
              style={{ width: 120 }}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdays[d] }))}
            />
          </Form.Item>
          <Form.Item name="holidayRule" label={t('deliberation.councils.holidayRule')}>
            <Radio.Group
              options={(['next_working_day', 'keep'] as const).map((r) => ({
                value: r,
                label: t(`deliberation.holidayRule.${r}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="quorumPercent" label={t('deliberation.councils.quorum')}>
            <InputNumber min={1} max={99} addonAfter="%" />
          </Form.Item>
          <Form.Item name="majorityPercent" label={t('deliberation.councils.majority')}>
            <InputNumber min={1} max={99} addonAfter="%" />
          </Form.Item>
        </Space>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={t('deliberation.councils.memberName')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'party']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 160 }}
                      placeholder={t('deliberation.councils.memberParty')}
                      options={CouncilPartySchema.options.map((p) => ({
                        value: p,
                        label: t(`deliberation.party.${p}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'userId']}>
                    <Input placeholder={t('deliberation.councils.memberUser')} style={{ width: 280 }} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button type="dashed" block onClick={() => add({ name: '', party: 'resident_representative' })}>
                {t('deliberation.councils.addMember')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
