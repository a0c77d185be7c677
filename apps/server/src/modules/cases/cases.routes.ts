import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as contract from '@gongzhi/contract/cases';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/http/context.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as parties from './case-parties.service.ts';
import { caseSettingsRoutes } from './case-settings.routes.ts';
import * as service from './cases.service.ts';

const MB = contract.CASE_LIMITS.attachmentBytesMax / 1024 / 1024;
const tooLarge = () =>
  new AppError('UPLOAD_REJECTED', `照片不能超过 ${MB} MB`, { file: `照片不能超过 ${MB} MB` });

/** Streams the one multipart photo to a staging file (never into memory), enforcing the size limit. */
async function receivePhoto(deps: AppDeps, ctx: RequestContext, request: FastifyRequest) {
  if (!request.isMultipart()) throw new AppError('UPLOAD_REJECTED', '请以 multipart/form-data 上传照片');
  const staged = service.stagingPath(deps, ctx.districtId);
  let fileName: string | null = null;
  let size = 0;
  try {
    for await (const part of request.parts({
      limits: { fileSize: contract.CASE_LIMITS.attachmentBytesMax, files: 1, fields: 2, fieldSize: 200 },
    })) {
      if (part.type !== 'file') continue;
      await pipeline(part.file, fs.createWriteStream(staged));
      if (part.file.truncated) throw tooLarge();
      fileName = part.filename || 'photo';
      size = fs.statSync(staged).size;
    }
  } catch (err) {
    fs.rmSync(staged, { force: true });
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw new AppError('UPLOAD_REJECTED', '上传未完成或格式不正确，请重新上传');
  }
  if (!fileName) {
    fs.rmSync(staged, { force: true });
    throw new AppError('VALIDATION_FAILED', '请选择要上传的照片', { file: '请选择要上传的照片' });
  }
  return { staged, fileName, size };
}

export function casesRoutes(app: FastifyInstance, deps: AppDeps): void {
  caseSettingsRoutes(app, deps);
  app.register(async (scoped) => {
    // Intake is open to every resident: 20 reports a minute per account stops a runaway script, not a person.
    await scoped.register(import('@fastify/rate-limit'), {
      max: 20,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => request.actor?.userId ?? request.ip,
    });
    registerRoute(scoped, contract.submitCase, (ctx, { body, request }) => {
      const header = request.headers['idempotency-key'];
      return service.submitCase(deps, ctx, body, typeof header === 'string' ? header : undefined);
    });
    registerRoute(scoped, contract.uploadCaseAttachment, async (ctx, { request }) => {
      const { staged, fileName, size } = await receivePhoto(deps, ctx, request);
      return service.storeAttachment(deps, ctx, staged, fileName, size);
    });
  });

  registerRoute(app, contract.listMyCaseInbox, (ctx, { query }) => service.listInbox(deps, ctx, query));
  registerRoute(app, contract.listMyReportedCases, (ctx, { query }) => service.listMine(deps, ctx, query));
  registerRoute(app, contract.listCommunityCases, (ctx, { query }) =>
    service.listCommunity(deps, ctx, query),
  );
  registerRoute(app, contract.listCaseSlaBoard, (ctx, { query }) => service.slaBoard(deps, ctx, query));
  registerRoute(app, contract.listCaseCategories, (ctx) => service.listCategories(deps, ctx));
  registerRoute(app, contract.getCase, (ctx, { params }) => service.getCase(deps, ctx, params.id));
  registerRoute(app, contract.setCaseRelatedParty, async (ctx, { params, body }) => {
    await parties.setRelatedParty(deps.db, ctx, params.id, body.householdId);
    return service.getCase(deps, ctx, params.id);
  });
  registerRoute(app, contract.performCaseAction, (ctx, { params, body }) =>
    service.performAction(deps, ctx, params.id, params.action, body),
  );
  registerRoute(app, contract.rateCase, (ctx, { params, body }) =>
    service.rateCase(deps, ctx, params.id, body),
  );
  registerRoute(app, contract.getCaseAttachment, async (ctx, { params, reply }) => {
    const { file, mime, size } = await service.openAttachment(deps, ctx, params.id);
    return reply
      .header('content-type', mime)
      .header('content-length', String(size))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(fs.createReadStream(file));
  });
}
