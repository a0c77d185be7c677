import fs from 'node:fs';
import type { ErrorBody } from '@gongzhi/contract/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** The one place that turns any thrown error into the API's error shape. */
export function registerErrorHandler(app: FastifyInstance, db: Database, spaIndex: string): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const requestId = request.id;
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const where = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const field = where || error.validationContext || 'body';
        fields[field] ??= issue.message ?? '格式不正确';
      }
      const names = Object.keys(fields).join('、');
      const body: ErrorBody = { code: 'VALIDATION_FAILED', message: `输入有误：${names}`, fields, requestId };
      return reply.status(400).send(body);
    }
    if (error instanceof AppError) {
      if (error.code === 'FORBIDDEN' && request.actor?.districtId && request.method !== 'GET') {
        // Refused mutations are audited too: the outcome, not just the attempt.
        await recordAudit(
          db,
          {
            districtId: request.actor.districtId,
            userId: request.actor.userId,
            actorName: request.actor.displayName,
            requestId,
            ip: request.ip,
          },
          {
            action: `${request.method} ${request.routeOptions.url ?? request.url}`,
            entityType: 'request',
            outcome: 'denied',
            reason: error.message,
          },
        ).catch((e: unknown) => request.log.error(e));
      }
      const body: ErrorBody = {
        code: error.code,
        message: error.message,
        requestId,
        ...(error.fields ? { fields: error.fields } : {}),
      };
      return reply.status(error.status).send(body);
    }
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试', requestId } satisfies ErrorBody);
    }
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.statusCode === 413) {
      return reply
        .status(413)
        .send({ code: 'UPLOAD_REJECTED', message: '文件过大', requestId } satisfies ErrorBody);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: `请求无效：${error.message}`,
        requestId,
      } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({
      code: 'INTERNAL',
      message: `服务器内部错误，请联系管理员（请求编号 ${requestId}）`,
      requestId,
    } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !/^\/(api|open311)\//.test(request.url);
    // Client-side routes of the web app (/territory/…) load index.html; the router takes it from there.
    if (isPage && fs.existsSync(spaIndex)) {
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(spaIndex));
    }
    return reply.status(404).send({
      code: 'NOT_FOUND',
      message: `没有这个地址：${request.url}`,
      requestId: request.id,
    } satisfies ErrorBody);
  });
}
