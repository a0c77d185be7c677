import { TrophyOutlined } from '@ant-design/icons';
import type { PartyLesson } from '@gongzhi/contract/duty-reports';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Rate,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { errorMessage, QueryState } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { businessToday } from '../../../lib/business-day.ts';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { useSession } from '../../../lib/session.ts';
import {
  useCreateTopic,
  useHoldLesson,
  useLessonTopics,
  useOpenLessons,
  usePartyLessons,
  usePartyOrgs,
  useScoreLesson,
} from '../api/use-duty-reports.ts';

/** Lessons open for scoring: every member and resident may give 1–5 stars once. */
function OpenLessons() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = useOpenLessons();
  const score = useScoreLesson();
  return (
    <Card size="small" title={t('lessons.open')}>
      <QueryState query={open}>
        {(data) =>
          data.items.length === 0 ? (
            <Typography.Text type="secondary">{t('lessons.openEmpty')}</Typography.Text>
          ) : (
            <List
              dataSource={data.items}
              renderItem={(l: PartyLesson) => (
                <List.Item
                  extra={
                    <Rate
                      value={l.myStars ?? 0}
                      disabled={l.myStars !== null || score.isPending}
                      onChange={(stars) =>
                        score.mutate(
                          { id: l.id, stars },
                          {
                            onSuccess: () => message.success(t('lessons.scored')),
                            onError: (e) => message.error(errorMessage(e)),
                          },
                        )
                      }
                    />
                  }
                >
                  <List.Item.Meta
                    title={`${l.heldOn} · ${l.topicTitle}`}
                    description={`${l.orgName} · ${l.speakerName} · ${t('lessons.scoreUntil', { date: l.scoreUntil })}`}
                  />
                </List.Item>
              )}
            />
          )
        }
      </QueryState>
    </Card>
  );
}

function HoldLessonModal({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const topics = useLessonTopics(orgId);
  const hold = useHoldLesson();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('lessons.hold')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={hold.isPending}
    >
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ heldOn: businessToday(), scoreWindowDays: 7 }}
        onFinish={(v: {
          topicId: string;
          heldOn: Dayjs;
          speakerName: string;
          place?: string;
          scoreWindowDays: number;
        }) =>
          hold.mutate(
            { ...v, heldOn: v.heldOn.format('YYYY-MM-DD') },
            { onSuccess: onClose, onError: (e) => setError(applyApiErrors(form, e)) },
          )
        }
      >
        <Form.Item name="topicId" label={t('lessons.topic')} rules={[{ required: true }]}>
          <Select options={(topics.data?.items ?? []).map((x) => ({ value: x.id, label: x.title }))} />
        </Form.Item>
        <Form.Item name="heldOn" label={t('lessons.heldOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d: Dayjs) => d.isAfter(businessToday(), 'day')} />
        </Form.Item>
        <Form.Item name="speakerName" label={t('lessons.speaker')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="place" label={t('lessons.place')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="scoreWindowDays" label={t('lessons.window')}>
          <InputNumber min={1} max={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One organisation's menu and its lessons of a year, with the year's best lesson. */
function OrgLessons({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => businessToday().year());
  const [isHolding, setHolding] = useState(false);
  const [topicForm] = Form.useForm();
  const topics = useLessonTopics(orgId);
  const lessons = usePartyLessons(orgId, year);
  const createTopic = useCreateTopic();
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('lessons.menu')}>
        <QueryState query={topics}>
          {(data) => (
            <List
              size="small"
              dataSource={data.items}
              renderItem={(x) => <List.Item>{x.summary ? `${x.title}：${x.summary}` : x.title}</List.Item>}
            />
          )}
        </QueryState>
        {canManage && (
          <Form
            form={topicForm}
            layout="inline"
            style={{ marginTop: 12 }}
            onFinish={(v: { title: string; summary?: string }) =>
              createTopic.mutate(
                { orgId, ...v },
                { onSuccess: () => topicForm.resetFields(), onError: (e) => applyApiErrors(topicForm, e) },
              )
            }
          >
            <Form.Item name="title" rules={[{ required: true }]}>
              <Input placeholder={t('lessons.topicTitle')} maxLength={100} />
            </Form.Item>
            <Form.Item name="summary">
              <Input placeholder={t('lessons.summary')} maxLength={500} />
            </Form.Item>
            <Button htmlType="submit" loading={createTopic.isPending}>
              {t('lessons.addTopic')}
            </Button>
          </Form>
        )}
      </Card>
      <Card
        size="small"
        title={t('lessons.lessons', { year })}
        extra={
          <Flex gap={8}>
            <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
            {canManage && <Button onClick={() => setHolding(true)}>{t('lessons.hold')}</Button>}
          </Flex>
        }
      >
        <QueryState query={lessons}>
          {(data) => (
            <Flex vertical gap={12}>
              {data.best ? (
                <Alert
                  type="success"
                  icon={<TrophyOutlined />}
                  showIcon
                  message={t('lessons.best', {
                    title: data.best.topicTitle,
                    speaker: data.best.speakerName,
                    average: data.best.average,
                    count: data.best.scoreCount,
                  })}
                />
              ) : (
                <Typography.Text type="secondary">
                  {t('lessons.noBest', { min: data.minScores })}
                </Typography.Text>
              )}
              <Table
                rowKey="id"
                size="small"
                dataSource={data.items}
                pagination={false}
                columns={[
                  { title: t('lessons.heldOn'), dataIndex: 'heldOn' },
                  { title: t('lessons.topic'), dataIndex: 'topicTitle' },
                  { title: t('lessons.speaker'), dataIndex: 'speakerName' },
                  { title: t('lessons.average'), align: 'right', render: (_, l) => l.average ?? '—' },
                  { title: t('lessons.count'), align: 'right', dataIndex: 'scoreCount' },
                  { title: t('lessons.members'), align: 'right', dataIndex: 'memberScoreCount' },
                ]}
              />
            </Flex>
          )}
        </QueryState>
      </Card>
      {isHolding && <HoldLessonModal orgId={orgId} onClose={() => setHolding(false)} />}
    </Flex>
  );
}

/** 党课: scoring for everyone; the menu, lessons held and the best lesson for who may see the organisation. */
export default function PartyLessonsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [nodeId, setNodeId] = useState<string | undefined>();
  const [orgId, setOrgId] = useState<string | undefined>();
  const orgs = usePartyOrgs(nodeId);
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('lessons.title')} subtitle={t('lessons.subtitle')} />
      <OpenLessons />
      {can('organisation.view') && (
        <>
          <Flex gap={12} wrap align="center">
            <TerritoryNodeSelect value={nodeId} onChange={setNodeId} style={{ minWidth: 240 }} />
            <Select
              style={{ minWidth: 240 }}
              placeholder={t('lessons.pickOrg')}
              value={orgId}
              onChange={setOrgId}
              loading={orgs.isLoading}
              options={(orgs.data?.items ?? []).map((o) => ({
                value: o.id,
                label: `${'　'.repeat(o.depth)}${o.name}`,
              }))}
            />
          </Flex>
          {orgId && <OrgLessons orgId={orgId} canManage={can('duty.evaluate')} />}
        </>
      )}
    </Flex>
  );
}
