import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  downloadChiefsTemplate,
  downloadResidentsTemplate,
  type ImportBatch,
  type ImportIssue,
  type ImportMode,
  type LedgerKind,
  MAX_IMPORT_BYTES,
} from '@gongzhi/contract/ledgers';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Progress,
  Radio,
  Result,
  Segmented,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { errorMessage, LoadingBlock } from '../../../components/ui/query-state.tsx';
import { TerritoryNodeSelect } from '../../../components/ui/territory-node-select.tsx';
import { downloadUrl } from '../../../lib/api-client.ts';
import {
  useCancelImport,
  useCommitImport,
  useDefaultCommunity,
  useImportBatch,
  useImportIssues,
  useImportPreview,
  useUploadImport,
} from '../api/use-imports.ts';

const MAX_MB = MAX_IMPORT_BYTES / 1024 / 1024;
const TEMPLATES = { residents: downloadResidentsTemplate, chiefs: downloadChiefsTemplate } as const;

/** Rejects before uploading what the server would reject anyway, with the reason in words. */
export function checkWorkbook(file: File, t: TFunction): string | null {
  if (!/\.xlsx$/i.test(file.name)) return t('ledgers.import.notXlsx', { name: file.name });
  if (file.size > MAX_IMPORT_BYTES) return t('ledgers.import.tooLarge', { mb: MAX_MB });
  if (file.size === 0) return t('ledgers.import.empty');
  return null;
}

function stepOf(batch: ImportBatch | undefined, hasPickedTemplate: boolean): number {
  if (!batch) return hasPickedTemplate ? 1 : 0;
  if (batch.status === 'validating') return 2;
  if (batch.status === 'validated' || batch.status === 'committing') return 3;
  return 4;
}

function UploadStep({ kind, onUploaded }: { kind: LedgerKind; onUploaded: (batch: ImportBatch) => void }) {
  const { t } = useTranslation();
  const fallback = useDefaultCommunity();
  const [communityId, setCommunityId] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const uploadImport = useUploadImport();
  const target = communityId ?? fallback.data?.id;
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8} wrap>
        <span className="gz-muted">{t('ledgers.import.community')}</span>
        <TerritoryNodeSelect
          value={target}
          onChange={setCommunityId}
          allowClear={false}
          style={{ width: 320 }}
        />
      </Flex>
      {problem && <Alert type="error" showIcon title={problem} />}
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={uploadImport.isPending || !target}
        beforeUpload={(file) => {
          const reason = checkWorkbook(file, t);
          setProblem(reason);
          if (!reason && target) {
            uploadImport.mutate(
              { file, kind, communityId: target },
              { onSuccess: onUploaded, onError: (error) => setProblem(errorMessage(error)) },
            );
          }
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {uploadImport.isPending ? t('ledgers.import.uploading') : t('ledgers.import.drop')}
        </p>
        <p className="ant-upload-hint">{t('ledgers.import.dropHint', { mb: MAX_MB })}</p>
      </Upload.Dragger>
    </Flex>
  );
}

function BatchProgress({ batch }: { batch: ImportBatch }) {
  const { t } = useTranslation();
  const isCommitting = batch.status === 'committing';
  return (
    <Flex vertical gap={8} align="center" style={{ padding: '24px 0' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {isCommitting ? t('ledgers.import.committing') : t('ledgers.import.validating')}
      </Typography.Title>
      <Progress
        percent={Math.round(batch.progress * 100)}
        status="active"
        style={{ maxWidth: 480, width: '100%' }}
      />
      <Typography.Text type="secondary">
        {isCommitting
          ? t('ledgers.import.committedOf', { done: batch.committedRows, total: batch.validRows })
          : t('ledgers.import.processedOf', { done: batch.processedRows, total: batch.totalRows || '…' })}
      </Typography.Text>
    </Flex>
  );
}

function Counts({ batch }: { batch: ImportBatch }) {
  const { t } = useTranslation();
  return (
    <Flex gap={32} wrap>
      <Statistic title={t('ledgers.import.total')} value={batch.totalRows} />
      <Statistic
        title={t('ledgers.import.valid')}
        value={batch.validRows}
        styles={{ content: { color: '#389e0d' } }}
      />
      <Statistic
        title={t('ledgers.import.errors')}
        value={batch.errorRows}
        styles={{ content: { color: batch.errorRows > 0 ? '#c0392b' : undefined } }}
      />
      <Statistic
        title={t('ledgers.import.warnings')}
        value={batch.warningCount}
        styles={{ content: { color: batch.warningCount > 0 ? '#d46b08' : undefined } }}
      />
    </Flex>
  );
}

function ReviewStep({ batch, onRestart }: { batch: ImportBatch; onRestart: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const issues = useImportIssues(batch.id, true);
  const preview = useImportPreview(batch.id, true);
  const commit = useCommitImport();
  const cancel = useCancelImport();
  const [mode, setMode] = useState<ImportMode>(batch.errorRows > 0 ? 'valid_only' : 'all_or_nothing');
  const issueRows = useMemo(() => issues.data?.pages.flatMap((p) => p.items) ?? [], [issues.data]);
  const isBlocked =
    (mode === 'all_or_nothing' && batch.errorRows > 0) || (mode === 'valid_only' && batch.validRows === 0);

  return (
    <Flex vertical gap={16}>
      <Counts batch={batch} />
      {batch.errorRows === 0 ? (
        <Alert type="success" showIcon title={t('ledgers.import.allValid', { count: batch.validRows })} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('ledgers.import.someErrors', { errors: batch.errorRows, valid: batch.validRows })}
        />
      )}
      {issueRows.length > 0 && (
        <Card size="small" title={t('ledgers.import.issues')}>
          <Table<ImportIssue>
            rowKey={(r, i) => `${r.rowNo}-${r.column}-${i}`}
            size="small"
            dataSource={issueRows}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('ledgers.import.row'), dataIndex: 'rowNo', width: 70 },
              { title: t('ledgers.import.column'), dataIndex: 'column', width: 140 },
              {
                title: t('ledgers.import.severity'),
                dataIndex: 'severity',
                width: 80,
                render: (s: ImportIssue['severity']) => (
                  <Tag color={s === 'error' ? 'error' : 'warning'} bordered={false}>
                    {t(`ledgers.import.${s}`)}
                  </Tag>
                ),
              },
              { title: t('ledgers.import.message'), dataIndex: 'message' },
            ]}
          />
          {issues.hasNextPage && (
            <Button onClick={() => void issues.fetchNextPage()} loading={issues.isFetchingNextPage}>
              {t('ledgers.loadMore')}
            </Button>
          )}
        </Card>
      )}
      <Card size="small" title={t('ledgers.import.preview')}>
        {preview.isLoading ? (
          <LoadingBlock />
        ) : preview.data ? (
          <Table
            rowKey="rowNo"
            size="small"
            scroll={{ x: 'max-content' }}
            pagination={false}
            dataSource={preview.data.rows}
            onRow={(r) => ({ style: r.isValid ? undefined : { background: '#fff1f0' } })}
            columns={[
              {
                title: t('ledgers.import.row'),
                dataIndex: 'rowNo',
                fixed: 'left',
                width: 60,
                render: (v: number, r) =>
                  r.isValid ? v : <Typography.Text type="danger">{v}</Typography.Text>,
              },
              ...preview.data.headers.map((header, i) => ({
                title: header,
                key: String(i),
                render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
              })),
            ]}
          />
        ) : (
          preview.error && <Alert type="error" title={errorMessage(preview.error)} />
        )}
      </Card>
      <Card size="small" title={t('ledgers.import.commitTitle')}>
        {batch.status === 'committing' ? (
          <BatchProgress batch={batch} />
        ) : (
          <Flex vertical gap={12}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
              <Space orientation="vertical">
                <Radio value="all_or_nothing">{t('ledgers.import.allOrNothing')}</Radio>
                <Radio value="valid_only">{t('ledgers.import.validOnly', { count: batch.validRows })}</Radio>
              </Space>
            </Radio.Group>
            {isBlocked && (
              <Typography.Text type="danger">
                {mode === 'all_or_nothing' ? t('ledgers.import.blockedAll') : t('ledgers.import.blockedNone')}
              </Typography.Text>
            )}
            <Space wrap>
              <Button
                type="primary"
                disabled={isBlocked}
                loading={commit.isPending}
                onClick={() =>
                  commit.mutate(
                    { id: batch.id, mode },
                    { onError: (error) => message.error(errorMessage(error)) },
                  )
                }
              >
                {t('ledgers.import.commit')}
              </Button>
              <Button
                loading={cancel.isPending}
                onClick={() =>
                  cancel.mutate(batch.id, {
                    onSuccess: onRestart,
                    onError: (error) => message.error(errorMessage(error)),
                  })
                }
              >
                {t('ledgers.import.cancel')}
              </Button>
            </Space>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}

function DoneStep({ batch, onRestart }: { batch: ImportBatch; onRestart: () => void }) {
  const { t } = useTranslation();
  if (batch.status === 'failed' || batch.status === 'cancelled') {
    return (
      <Result
        status={batch.status === 'failed' ? 'error' : 'info'}
        title={batch.status === 'failed' ? t('ledgers.import.failed') : t('ledgers.import.cancelled')}
        subTitle={batch.failure ?? undefined}
        extra={
          <Button type="primary" onClick={onRestart}>
            {t('ledgers.import.again')}
          </Button>
        }
      />
    );
  }
  return (
    <Result
      status="success"
      title={t('ledgers.import.done', { count: batch.committedRows })}
      subTitle={t('ledgers.import.doneHint', {
        file: batch.fileName,
        skipped: batch.totalRows - batch.committedRows,
      })}
      extra={[
        <Link key="households" to={batch.kind === 'residents' ? '/households' : '/organisation/positions'}>
          <Button type="primary">
            {batch.kind === 'residents' ? t('ledgers.import.toHouseholds') : t('ledgers.import.toPositions')}
          </Button>
        </Link>,
        <Link key="coverage" to="/organisation/coverage">
          <Button>{t('ledgers.import.toCoverage')}</Button>
        </Link>,
        <Button key="again" onClick={onRestart}>
          {t('ledgers.import.again')}
        </Button>,
      ]}
    />
  );
}

/** 台账导入向导: template → upload → validation → review and commit → done (research/domain.md §9). */
export default function ImportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch');
  const kind: LedgerKind = params.get('kind') === 'chiefs' ? 'chiefs' : 'residents';
  const [hasPickedTemplate, setPickedTemplate] = useState(false);
  const batchQuery = useImportBatch(batchId);
  const batch = batchQuery.data;
  const step = stepOf(batch, hasPickedTemplate);

  const update = (changes: Record<string, string | null>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      return next;
    });
  const restart = () => {
    setPickedTemplate(false);
    update({ batch: null });
  };

  return (
    <div className="gz-page">
      <PageHeader title={t('ledgers.import.title')} subtitle={t('ledgers.import.subtitle')} />
      <Card size="small">
        <Steps
          current={step}
          size="small"
          items={['template', 'upload', 'validate', 'review', 'done'].map((key) => ({
            title: t(`ledgers.import.step.${key}`),
          }))}
          style={{ marginBottom: 24 }}
        />
        {batchId && batchQuery.isLoading && <LoadingBlock />}
        {batchId && batchQuery.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(batchQuery.error)}
            action={
              <Button size="small" onClick={restart}>
                {t('ledgers.import.again')}
              </Button>
            }
          />
        )}
        {step === 0 && (
          <Flex vertical gap={16} align="flex-start">
            <Segmented<LedgerKind>
              value={kind}
              onChange={(value) => update({ kind: value })}
              options={[
                { value: 'residents', label: t('ledgers.kind.residents') },
                { value: 'chiefs', label: t('ledgers.kind.chiefs') },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t(`ledgers.import.templateHint.${kind}`)}
            </Typography.Paragraph>
            <Space wrap>
              <Button type="primary" icon={<DownloadOutlined />} href={downloadUrl(TEMPLATES[kind])} download>
                {t('ledgers.import.downloadTemplate')}
              </Button>
              <Button onClick={() => setPickedTemplate(true)}>{t('ledgers.import.haveFile')}</Button>
            </Space>
          </Flex>
        )}
        {step === 1 && (
          <Flex vertical gap={12}>
            <Typography.Text>
              {t('ledgers.import.uploadingKind', { kind: t(`ledgers.kind.${kind}`) })}
            </Typography.Text>
            <UploadStep kind={kind} onUploaded={(created) => update({ batch: created.id })} />
            <div>
              <Button type="link" onClick={() => setPickedTemplate(false)} style={{ paddingInline: 0 }}>
                {t('ledgers.import.back')}
              </Button>
            </div>
          </Flex>
        )}
        {step === 2 && batch && <BatchProgress batch={batch} />}
        {step === 3 && batch && <ReviewStep batch={batch} onRestart={restart} />}
        {step === 4 && batch && <DoneStep batch={batch} onRestart={restart} />}
      </Card>
    </div>
  );
}
