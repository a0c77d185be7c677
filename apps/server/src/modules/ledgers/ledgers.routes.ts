import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as contract from '@gongzhi/contract/ledgers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './ledgers.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, stream: Readable, fileName: string) {
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(stream);
}

const MB = contract.MAX_IMPORT_BYTES / 1024 / 1024;

/** Streams the multipart file to disk (never into memory) and collects the text fields. */
async function receiveUpload(
  request: FastifyRequest,
  target: string,
): Promise<{ fields: Record<string, string>; fileName: string | null }> {
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  try {
    for await (const part of request.parts({
      limits: { fileSize: contract.MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 200 },
    })) {
      if (part.type === 'file') {
        await pipeline(part.file, fs.createWriteStream(target));
        if (part.file.truncated) throw tooLarge();
        fileName = part.filename || 'upload.xlsx';
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    fs.rmSync(target, { force: true });
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw new AppError('UPLOAD_REJECTED', '上传未完成或格式不正确，请重新上传');
  }
  return { fields, fileName };
}

const tooLarge = () =>
  new AppError('UPLOAD_REJECTED', `文件超过 ${MB} MB 上限，请拆分成多个文件后分别上传`, {
    file: `文件不能超过 ${MB} MB`,
  });

export function ledgersRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerRoute(app, contract.downloadResidentsTemplate, async (_ctx, { reply }) =>
    sendXlsx(reply, service.templateStream('residents'), '居民花名册导入模板.xlsx'),
  );
  registerRoute(app, contract.downloadChiefsTemplate, async (_ctx, { reply }) =>
    sendXlsx(reply, service.templateStream('chiefs'), '户长邻长组长片长花名册导入模板.xlsx'),
  );

  registerRoute(app, contract.createImport, async (ctx, { request }) => {
    service.requireImporter(ctx);
    if (!request.isMultipart()) throw new AppError('UPLOAD_REJECTED', '请以 multipart/form-data 上传文件');
    const batchId = randomUUID();
    const target = service.uploadTarget(deps, batchId);
    const { fields, fileName } = await receiveUpload(request, target);
    const parsed = contract.ImportUploadFieldsSchema.safeParse(fields);
    if (!fileName || !parsed.success) {
      fs.rmSync(target, { force: true });
      const bad = !fileName
        ? { file: '请选择要上传的 xlsx 文件' }
        : Object.fromEntries(parsed.error!.issues.map((i) => [String(i.path[0]), i.message]));
      throw new AppError('VALIDATION_FAILED', Object.values(bad).join('；'), bad);
    }
    const { batch } = await service.startImport(deps, ctx, { batchId, ...parsed.data, fileName });
    return batch;
  });

  registerRoute(app, contract.getImport, (ctx, { params }) => service.getImport(deps, ctx, params.id));
  registerRoute(app, contract.listImportIssues, (ctx, { params, query }) =>
    service.listImportIssues(deps, ctx, params.id, query.cursor, query.limit),
  );
  registerRoute(app, contract.previewImport, (ctx, { params }) =>
    service.previewImport(deps, ctx, params.id),
  );
  registerRoute(
    app,
    contract.commitImport,
    async (ctx, { params, body }) => (await service.commitImport(deps, ctx, params.id, body.mode)).batch,
  );
  registerRoute(app, contract.cancelImport, async (ctx, { params }) => {
    await service.cancelImport(deps, ctx, params.id);
    return { ok: true as const };
  });

  for (const [kind, routes] of [
    ['residents', contract.exportResidents],
    ['chiefs', contract.exportChiefs],
  ] as const) {
    registerRoute(app, routes.masked, async (ctx, { query, reply }) => {
      const { stream, fileName } = await service.exportLedger(deps, ctx, kind, {
        nodeId: query.nodeId,
        unmasked: false,
        reason: null,
      });
      return sendXlsx(reply, stream, fileName);
    });
    registerRoute(app, routes.unmasked, async (ctx, { body, reply }) => {
      const { stream, fileName } = await service.exportLedger(deps, ctx, kind, {
        nodeId: body.nodeId,
        unmasked: true,
        reason: body.reason,
      });
      return sendXlsx(reply, stream, fileName);
    });
  }
}
