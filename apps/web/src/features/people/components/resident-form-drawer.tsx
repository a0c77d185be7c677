import type { Resident } from '@gongzhi/contract/people';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useAddResident } from '../api/use-add-resident.ts';
import { useCheckIdNumber } from '../api/use-check-id-number.ts';
import { useUpdateResident } from '../api/use-update-resident.ts';
import {
  EDUCATION_OPTIONS,
  ETHNICITY_OPTIONS,
  POLITICAL_OPTIONS,
  RELATION_OPTIONS,
  toOptions,
} from './field-options.ts';

interface Values {
  name: string;
  idNumber?: string;
  gender?: 'male' | 'female' | 'unknown';
  birthDate?: Dayjs | null;
  phone?: string;
  relationToHead?: string;
  ethnicity?: string;
  politicalStatus?: string;
  education?: string;
  residenceType?: 'registered' | 'permanent' | 'migrant' | 'separated';
  note?: string;
  dataSource?: string;
  arrival?: 'registered' | 'move_in';
  occurredOn?: Dayjs | null;
}

const FIELDS = [
  'name',
  'idNumber',
  'gender',
  'birthDate',
  'phone',
  'relationToHead',
  'ethnicity',
  'politicalStatus',
  'education',
  'residenceType',
  'note',
  'dataSource',
  'arrival',
  'occurredOn',
];

function blankToNull(value: string | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

/**
 * Adds a member to a household (`householdId`) or corrects a resident (`resident`). In a correction the ID number
 * and phone are left empty: only a new value replaces the stored one.
 */
export function ResidentFormDrawer({
  householdId,
  resident,
  open,
  onClose,
}: {
  householdId?: string;
  resident?: Resident;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const add = useAddResident();
  const update = useUpdateResident();
  const check = useCheckIdNumber();
  const isEdit = Boolean(resident);

  const handleIdBlur = () => {
    const idNumber = form.getFieldValue('idNumber')?.trim();
    setDuplicate(null);
    if (!idNumber || idNumber.length < 15) return;
    check.mutate(idNumber, {
      onSuccess: (answer) => {
        if (!answer.exists) return;
        setDuplicate(
          answer.existing
            ? t('people.duplicateAt', {
                name: answer.existing.name,
                household: answer.existing.householdNo,
                community: answer.existing.communityName,
              })
            : t('people.duplicateElsewhere'),
        );
      },
    });
  };

  const handleFinish = (values: Values) => {
    setFormError(null);
    const fields = {
      name: values.name,
      gender: values.gender ?? null,
      birthDate: values.birthDate ? values.birthDate.format('YYYY-MM-DD') : null,
      relationToHead: blankToNull(values.relationToHead),
      ethnicity: blankToNull(values.ethnicity),
      politicalStatus: blankToNull(values.politicalStatus),
      education: blankToNull(values.education),
      residenceType: values.residenceType ?? null,
      note: blankToNull(values.note),
      dataSource: blankToNull(values.dataSource),
    };
    const onError = (error: Error) => setFormError(applyApiErrors(form, error, FIELDS));
    if (resident) {
      const idNumber = blankToNull(values.idNumber);
      const phone = blankToNull(values.phone);
      update.mutate(
        { id: resident.id, ...fields, ...(idNumber ? { idNumber } : {}), ...(phone ? { phone } : {}) },
        {
          onSuccess: () => {
            message.success(t('common.saved'));
            onClose();
          },
          onError,
        },
      );
    } else if (householdId) {
      add.mutate(
        {
          householdId,
          ...fields,
          idNumber: blankToNull(values.idNumber),
          phone: blankToNull(values.phone),
          arrival: values.arrival ?? 'registered',
          occurredOn: values.occurredOn ? values.occurredOn.format('YYYY-MM-DD') : undefined,
        },
        {
          onSuccess: (created) => {
            message.success(t('people.memberAdded', { name: created.name }));
            form.resetFields();
            onClose();
          },
          onError,
        },
      );
    }
  };

  const initialValues: Partial<Values> = resident
    ? {
        name: resident.name,
        gender: resident.gender,
        birthDate: resident.birthDate ? dayjs(resident.birthDate) : null,
        relationToHead: resident.relationToHead,
        ethnicity: resident.ethnicity ?? undefined,
        politicalStatus: resident.politicalStatus ?? undefined,
        education: resident.education ?? undefined,
        residenceType: resident.residenceType,
        dataSource: resident.dataSource ?? undefined,
      }
    : { arrival: 'registered', residenceType: 'registered' };

  const span = isMobile ? 24 : 12;
  return (
    <Drawer
      title={isEdit ? t('people.editResident', { name: resident?.name }) : t('people.addMember')}
      open={open}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={add.isPending || update.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={handleFinish}
        preserve={false}
      >
        <Row gutter={16}>
          <Col span={span}>
            <Form.Item
              name="name"
              label={t('people.name')}
              rules={[{ required: true, whitespace: true, message: t('people.nameRequired') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="relationToHead" label={t('people.relationToHead')}>
              <AutoComplete options={toOptions(RELATION_OPTIONS)} maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item
              name="idNumber"
              label={t('people.idNumber')}
              extra={
                isEdit
                  ? t('people.keepIfEmpty', { value: resident?.idNoMasked ?? '—' })
                  : t('people.idNumberHint')
              }
              validateStatus={duplicate ? 'warning' : undefined}
              help={duplicate ?? undefined}
            >
              <Input maxLength={18} className="gz-mono" onBlur={handleIdBlur} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item
              name="phone"
              label={t('people.phone')}
              extra={isEdit ? t('people.keepIfEmpty', { value: resident?.phoneMasked ?? '—' }) : undefined}
            >
              <Input maxLength={20} inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="gender" label={t('people.gender')}>
              <Radio.Group
                optionType="button"
                options={(['male', 'female', 'unknown'] as const).map((g) => ({
                  value: g,
                  label: t(`enum.gender.${g}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="birthDate" label={t('people.birthDate')} extra={t('people.birthDateHint')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="residenceType" label={t('people.residenceType')}>
              <Select
                options={(['registered', 'permanent', 'migrant', 'separated'] as const).map((r) => ({
                  value: r,
                  label: t(`enum.residenceType.${r}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="politicalStatus" label={t('people.politicalStatus')}>
              <AutoComplete options={toOptions(POLITICAL_OPTIONS)} maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="ethnicity" label={t('people.ethnicity')}>
              <AutoComplete options={toOptions(ETHNICITY_OPTIONS)} maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="education" label={t('people.education')}>
              <AutoComplete options={toOptions(EDUCATION_OPTIONS)} maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={span}>
            <Form.Item name="dataSource" label={t('people.dataSource')}>
              <Input maxLength={50} placeholder={t('people.dataSourcePlaceholder')} />
            </Form.Item>
          </Col>
          {!isEdit && (
            <>
              <Col span={span}>
                <Form.Item name="arrival" label={t('people.arrival')}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'registered', label: t('people.arrivalRegistered') },
                      { value: 'move_in', label: t('people.arrivalMoveIn') },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col span={span}>
                <Form.Item name="occurredOn" label={t('people.occurredOn')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={24}>
            <Form.Item
              name="note"
              label={isEdit ? t('people.correctionNote') : t('people.note')}
              rules={
                isEdit
                  ? [{ required: true, whitespace: true, message: t('people.correctionNoteRequired') }]
                  : undefined
              }
            >
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
