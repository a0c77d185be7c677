import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { PartyMemberSchema, PartyOrgSchema } from '@gongzhi/contract/organisation';
import { PartyMemberKindSchema, PartyOrgKindSchema } from '@gongzhi/contract/organisation';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LoadMore } from '../../../components/ui/load-more.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { EmptyState, ErrorState, QueryState } from '../../../components/ui/query-state.tsx';
import { applyApiErrors } from '../../../lib/form-errors.ts';
import { formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { usePartyCoverage } from '../api/use-coverage.ts';
import {
  useCreatePartyMember,
  useCreatePartyOrg,
  useDeletePartyMember,
  usePartyMembers,
  usePartyOrgs,
  useRenamePartyOrg,
  useUpdatePartyMember,
} from '../api/use-party.ts';
import { NodeField, useNodeParam } from '../components/node-param.tsx';
import { percent } from '../components/percent.ts';

type PartyOrg = z.infer<typeof PartyOrgSchema>;
type PartyMember = z.infer<typeof PartyMemberSchema>;
interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

/** The flat, tree-ordered list from the API as nested tree data. */
function toTree(orgs: PartyOrg[], t: TFunction): TreeItem[] {
  const byId = new Map<string, TreeItem>();
  const roots: TreeItem[] = [];
  for (const org of orgs) {
    const item: TreeItem = {
      key: org.id,
      title: (
        <Space size={6}>
          <Tag color="red" bordered={false} style={{ marginInlineEnd: 0 }}>
            {org.kindLabel}
          </Tag>
          <span>{org.name}</span>
          <span className="gz-muted">{t('org.party.memberCount', { count: org.subtreeMemberCount })}</span>
        </Space>
      ),
      children: [],
    };
    byId.set(org.id, item);
    const parent = org.parentId ? byId.get(org.parentId) : undefined;
    (parent ? parent.children : roots).push(item);
  }
  return roots;
}

function OrgModal({
  open,
  onClose,
  nodeId,
  orgs,
  editing,
}: {
  open: boolean;
  onClose: () => void;
  nodeId: string;
  orgs: PartyOrg[];
  editing: PartyOrg | null;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ parentId?: string; kind: PartyOrg['kind']; name: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreatePartyOrg();
  const rename = useRenamePartyOrg();
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (editing) form.setFieldsValue({ name: editing.name, kind: editing.kind });
    else form.setFieldsValue({ kind: orgs.length === 0 ? 'committee' : 'branch', parentId: orgs[0]?.id });
  }, [open, editing, orgs, form]);
  return (
    <Modal
      open={open}
      title={editing ? t('org.party.rename') : t('org.party.createOrg')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.save')}
      confirmLoading={create.isPending || rename.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          try {
            if (editing) await rename.mutateAsync({ id: editing.id, name: values.name });
            else
              await create.mutateAsync({
                parentId: values.parentId ?? null,
                kind: values.kind,
                name: values.name,
                nodeId,
              });
            onClose();
          } catch (error) {
            setFormError(applyApiErrors(form, error, ['parentId', 'kind', 'name']));
          }
        }}
      >
        {!editing && (
          <>
            <Form.Item name="parentId" label={t('org.party.parent')}>
              <Select
                allowClear
                options={orgs.map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('org.party.kind')} rules={[{ required: true }]}>
              <Select
                options={PartyOrgKindSchema.options.map((k) => ({
                  value: k,
                  label: t(`org.partyKind.${k}`),
                }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="name"
          label={t('org.party.name')}
          rules={[{ required: true, whitespace: true }, { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MemberValues {
  name: string;
  kind: PartyMember['kind'];
  employer?: string;
  postRank?: number | null;
  joinedOn?: Dayjs;
  status?: PartyMember['status'];
}

function MemberModal({
  open,
  onClose,
  orgId,
  member,
}: {
  open: boolean;
  onClose: () => void;
  orgId: string;
  member: PartyMember | null;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MemberValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreatePartyMember();
  const update = useUpdatePartyMember();
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(
      member
        ? {
            name: member.name,
            kind: member.kind,
            employer: member.employer ?? undefined,
            postRank: member.postRank,
            joinedOn: member.joinedOn ? dayjs(member.joinedOn) : undefined,
            status: member.status,
          }
        : { kind: 'community' },
    );
  }, [open, member, form]);
  return (
    <Modal
      open={open}
      title={member ? t('org.party.editMember') : t('org.party.addMember')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          const body = {
            name: values.name,
            kind: values.kind,
            employer: values.employer?.trim() || null,
            postRank: values.postRank ?? null,
            joinedOn: values.joinedOn ? values.joinedOn.format('YYYY-MM-DD') : null,
          };
          try {
            if (member) await update.mutateAsync({ id: member.id, body: { ...body, status: values.status } });
            else await create.mutateAsync({ ...body, orgId });
            onClose();
          } catch (error) {
            setFormError(
              applyApiErrors(form, error, ['name', 'kind', 'employer', 'postRank', 'joinedOn', 'status']),
            );
          }
        }}
      >
        <Form.Item
          name="name"
          label={t('org.party.memberName')}
          rules={[{ required: true, whitespace: true }, { max: 50 }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.party.memberKind')} rules={[{ required: true }]}>
          <Select
            options={PartyMemberKindSchema.options.map((k) => ({
              value: k,
              label: t(`org.memberKind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="employer" label={t('org.party.employer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="postRank"
            label={t('org.party.postRank')}
            extra={t('org.party.postRankHint')}
            style={{ flex: 1 }}
          >
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="joinedOn" label={t('org.party.joinedOn')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        {member && (
          <Form.Item name="status" label={t('org.party.status')}>
            <Select
              options={(['active', 'transferred'] as const).map((s) => ({
                value: s,
                label: t(`org.party.status_${s}`),
              }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Members({ org }: { org: PartyOrg }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [search, setSearch] = useState('');
  const [includeTransferred, setIncludeTransferred] = useState(false);
  const [editing, setEditing] = useState<PartyMember | null | undefined>(undefined);
  const q = useDebounced(search.trim());
  const query = usePartyMembers({
    orgId: org.id,
    q: q || undefined,
    includeTransferred: includeTransferred ? 'true' : 'false',
  });
  const remove = useDeletePartyMember();
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const canManage = can('organisation.manage');
  return (
    <Card
      size="small"
      title={t('org.party.membersOf', { name: org.name })}
      extra={
        canManage && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('org.party.addMember')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('org.party.searchMember')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 220 }}
        />
        <Select
          value={includeTransferred}
          onChange={setIncludeTransferred}
          style={{ width: 150 }}
          options={[
            { value: false, label: t('org.party.activeOnly') },
            { value: true, label: t('org.party.withTransferred') },
          ]}
        />
      </Flex>
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Table<PartyMember>
            rowKey="id"
            size="small"
            loading={query.isLoading}
            dataSource={items}
            pagination={false}
            scroll={{ x: 720 }}
            columns={[
              { title: t('org.party.memberName'), dataIndex: 'name' },
              {
                title: t('org.party.memberKind'),
                dataIndex: 'kind',
                render: (k: PartyMember['kind']) => t(`org.memberKind.${k}`),
              },
              { title: t('org.party.orgCol'), dataIndex: 'orgName' },
              {
                title: t('org.party.employer'),
                dataIndex: 'employer',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('org.party.joinedOn'),
                dataIndex: 'joinedOn',
                render: (v: string | null) => formatDate(v),
              },
              {
                title: t('org.household.no'),
                dataIndex: 'householdNo',
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
              {
                title: t('org.party.status'),
                dataIndex: 'status',
                render: (s: PartyMember['status']) => (
                  <Tag bordered={false} color={s === 'active' ? 'success' : 'default'}>
                    {t(`org.party.status_${s}`)}
                  </Tag>
                ),
              },
              ...(canManage
                ? [
                    {
                      title: t('org.actions'),
                      key: 'actions',
                      render: (_: unknown, m: PartyMember) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(m)}>
                            {t('org.edit')}
                          </Button>
                          <Popconfirm
                            title={t('org.party.deleteConfirm', { name: m.name })}
                            onConfirm={() =>
                              remove.mutate(m.id, {
                                onSuccess: () => message.success(t('org.party.deleted')),
                                onError: (e) => message.error(e.message),
                              })
                            }
                          >
                            <Button type="link" size="small" danger>
                              {t('org.delete')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <LoadMore
            hasMore={Boolean(query.hasNextPage)}
            isLoading={query.isFetchingNextPage}
            onLoadMore={() => void query.fetchNextPage()}
            count={items.length}
          />
        </>
      )}
      <MemberModal
        open={editing !== undefined}
        member={editing ?? null}
        orgId={org.id}
        onClose={() => setEditing(undefined)}
      />
    </Card>
  );
}

function OrgTree({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const query = usePartyOrgs(nodeId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [modal, setModal] = useState<{ editing: PartyOrg | null } | null>(null);
  const orgs = query.data?.items ?? [];
  const selected = orgs.find((o) => o.id === selectedId) ?? orgs[0];
  const tree = useMemo(() => toTree(orgs, t), [orgs, t]);
  const canManage = can('organisation.manage');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card
          size="small"
          title={t('org.party.tree')}
          extra={
            canManage && (
              <Space>
                {selected && (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setModal({ editing: selected })}
                    aria-label={t('org.party.rename')}
                  />
                )}
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setModal({ editing: null })}
                >
                  {t('org.party.createOrg')}
                </Button>
              </Space>
            )
          }
        >
          <QueryState query={query}>
            {() =>
              orgs.length === 0 ? (
                <EmptyState description={t('org.party.noOrgs')} />
              ) : (
                <Tree
                  className="gz-tree"
                  blockNode
                  defaultExpandAll
                  treeData={tree}
                  selectedKeys={selected ? [selected.id] : []}
                  onSelect={(keys) => keys[0] && setSelectedId(String(keys[0]))}
                />
              )
            }
          </QueryState>
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {selected ? (
          <Members org={selected} />
        ) : (
          <Card size="small">
            <Empty description={t('org.party.pickOrg')} />
          </Card>
        )}
      </Col>
      <OrgModal
        open={modal !== null}
        editing={modal?.editing ?? null}
        onClose={() => setModal(null)}
        nodeId={nodeId}
        orgs={orgs}
      />
    </Row>
  );
}

function PartyCoverage({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const query = usePartyCoverage(nodeId);
  return (
    <QueryState query={query}>
      {(report) => (
        <Flex vertical gap={16}>
          <Card size="small">
            <Flex gap={32} wrap align="center">
              <div>
                <Typography.Text type="secondary">{t('org.party.linkRate')}</Typography.Text>
                <div style={{ fontSize: 36, fontWeight: 700 }}>{percent(report.percentage)}</div>
                <Typography.Text>
                  {t('org.coverage.linkedOf', {
                    linked: report.linkedHouseholds,
                    total: report.activeHouseholds,
                  })}
                </Typography.Text>
              </div>
              <Progress percent={report.percentage} format={(p) => percent(p ?? 0)} style={{ width: 240 }} />
              <Typography.Text>
                {t('org.party.linkingMembers', { count: report.linkingMembers })}
              </Typography.Text>
            </Flex>
          </Card>
          <Card size="small" title={t('org.party.unlinked', { count: report.unlinkedCount })}>
            <Table
              rowKey="householdId"
              size="small"
              dataSource={report.unlinked}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('org.party.allLinked') }}
              columns={[
                {
                  title: t('org.household.no'),
                  dataIndex: 'householdNo',
                  render: (v: string) => <span className="gz-mono">{v}</span>,
                },
                { title: t('org.household.address'), dataIndex: 'address' },
              ]}
            />
          </Card>
        </Flex>
      )}
    </QueryState>
  );
}

/** 党组织: the 党委—党总支—党支部—党小组 tree with members, and the 三联 report. */
export default function PartyPage() {
  const { t } = useTranslation();
  const [nodeId, setNodeId] = useNodeParam();
  return (
    <div className="gz-page">
      <PageHeader
        title={t('org.party.title')}
        subtitle={t('org.party.subtitle')}
        extra={<NodeField value={nodeId} onChange={setNodeId} />}
      />
      {nodeId && (
        <Tabs
          items={[
            { key: 'tree', label: t('org.party.tabTree'), children: <OrgTree nodeId={nodeId} /> },
            {
              key: 'coverage',
              label: t('org.party.tabCoverage'),
              children: <PartyCoverage nodeId={nodeId} />,
            },
          ]}
        />
      )}
    </div>
  );
}
