import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type LevelTemplate, LOCAL_LEVELS } from '@gongzhi/contract/territory';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Table,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import { useIsMobile } from '../../../lib/use-is-mobile.ts';
import { useLevelTemplate } from '../api/use-level-template.ts';
import { useTerritoryNode } from '../api/use-territory-node.ts';
import { useUpdateLevelTemplate } from '../api/use-update-level-template.ts';

const SPAN_POSITION_KINDS = [
  'household_chief',
  'neighbour_chief',
  'group_chief',
  'area_chief',
  'building_chief',
  'grid_worker',
  'grid_chief',
  'team_leader',
  'party_linker',
  'cadre',
] as const;

function TemplateForm({ communityId, template }: { communityId: string; template: LevelTemplate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<LevelTemplate>();
  const [formError, setFormError] = useState<string | null>(null);
  const update = useUpdateLevelTemplate(communityId);
  const canEdit = can('territory.manage');

  // Every local level is listed in canonical order, so an unused one can be switched on.
  const initialValues = useMemo<LevelTemplate>(
    () => ({
      levels: LOCAL_LEVELS.map(
        (level) =>
          template.levels.find((l) => l.level === level) ?? {
            level,
            name: t(`level.${level}`),
            isUsed: false,
          },
      ),
      spans: template.spans,
    }),
    [template, t],
  );

  const handleFinish = (values: LevelTemplate) => {
    setFormError(null);
    update.mutate(values, {
      onSuccess: () => message.success(t('common.saved')),
      onError: (error) => setFormError(applyApiErrors(form, error, ['levels', 'spans'])),
    });
  };

  return (
    <Form form={form} initialValues={initialValues} onFinish={handleFinish} disabled={!canEdit}>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Flex vertical gap={16}>
        <Card
          title={t('template.levels')}
          extra={<Typography.Text type="secondary">{t('template.levelsHint')}</Typography.Text>}
        >
          <Form.List name="levels">
            {(fields) => (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                columns={[
                  {
                    title: t('template.isUsed'),
                    width: 70,
                    render: (_, field) => (
                      <Form.Item name={[field.name, 'isUsed']} valuePropName="checked" noStyle>
                        <Checkbox />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('template.standardLevel'),
                    width: isMobile ? 90 : 160,
                    render: (_, field) => t(`level.${initialValues.levels[field.name]?.level ?? ''}`),
                  },
                  {
                    title: t('template.localName'),
                    render: (_, field) => (
                      <Form.Item
                        name={[field.name, 'name']}
                        rules={[{ required: true, whitespace: true, message: t('template.nameRequired') }]}
                        style={{ margin: 0 }}
                      >
                        <Input maxLength={20} />
                      </Form.Item>
                    ),
                  },
                ]}
              />
            )}
          </Form.List>
        </Card>
        <Card
          title={t('template.spans')}
          extra={<Typography.Text type="secondary">{t('template.spansHint')}</Typography.Text>}
        >
          <Form.List name="spans">
            {(fields, { add, remove }) => (
              <Flex vertical gap={12}>
                {fields.length === 0 && (
                  <Typography.Text type="secondary">{t('template.noSpans')}</Typography.Text>
                )}
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} wrap align="flex-start">
                    <Form.Item
                      name={[field.name, 'positionKind']}
                      rules={[{ required: true, message: t('template.kindRequired') }]}
                      style={{ margin: 0, width: isMobile ? '100%' : 160 }}
                    >
                      <Select
                        placeholder={t('template.positionKind')}
                        options={SPAN_POSITION_KINDS.map((k) => ({
                          value: k,
                          label: t(`positionKind.${k}`),
                        }))}
                      />
                    </Form.Item>
                    {(['minHouseholds', 'targetHouseholds', 'maxHouseholds'] as const).map((key) => (
                      <Form.Item key={key} name={[field.name, key]} style={{ margin: 0 }}>
                        <InputNumber
                          min={0}
                          max={100000}
                          precision={0}
                          prefix={<span className="gz-muted">{t(`template.${key}`)}</span>}
                          suffix={t('template.householdUnit')}
                          style={{ width: isMobile ? 150 : 160 }}
                        />
                      </Form.Item>
                    ))}
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      positionKind: undefined,
                      minHouseholds: null,
                      targetHouseholds: null,
                      maxHouseholds: null,
                    })
                  }
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('template.addSpan')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>
        {canEdit && (
          <Flex justify="flex-end">
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Form>
  );
}

/** The community's level template: which local levels it uses, what it calls them, how many households each chief serves. */
export default function LevelTemplatePage() {
  const { t } = useTranslation();
  const { communityId = '' } = useParams();
  const community = useTerritoryNode(communityId);
  const template = useLevelTemplate(communityId);
  return (
    <div className="gz-page">
      <PageHeader
        title={t('template.title')}
        subtitle={community.data?.node.name}
        crumbs={[
          { title: t('nav.territory'), to: `/territory?node=${communityId}` },
          { title: t('template.title') },
        ]}
      />
      <QueryState query={template} rows={10}>
        {(data) => <TemplateForm communityId={communityId} template={data} />}
      </QueryState>
    </div>
  );
}
