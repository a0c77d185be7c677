import * as contract from '@gongzhi/contract/duty-reports';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerRoute } from '../../platform/http/register-route.ts';
import * as service from './duty-reports.service.ts';
import * as lessons from './party-lessons.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function dutyReportsRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.getMyDutyReports, (ctx, { query }) => service.getMine(db, ctx, query));
  registerRoute(app, contract.submitDutyReport, (ctx, { body }) => service.submitWritten(db, ctx, body));
  registerRoute(app, contract.recordOralDutyReport, (ctx, { body }) => service.recordOral(db, ctx, body));
  registerRoute(app, contract.evaluateDutyReport, (ctx, { params, body }) =>
    service.evaluate(db, ctx, params.id, body),
  );
  registerRoute(app, contract.acknowledgeDutyReport, (ctx, { params }) =>
    service.acknowledge(db, ctx, params.id),
  );
  registerRoute(app, contract.listCommunityDutyReports, (ctx, { query }) =>
    service.listCommunity(db, ctx, query),
  );
  registerRoute(app, contract.getDutySetting, (ctx, { query }) =>
    service.getSetting(db, ctx, query.communityId),
  );
  registerRoute(app, contract.updateDutySetting, (ctx, { query, body }) =>
    service.updateSetting(db, ctx, query.communityId, body),
  );
  registerRoute(app, contract.getDutyRanking, (ctx, { query }) => service.getRanking(db, ctx, query));
  registerRoute(app, contract.exportDutyRanking, async (ctx, { query, reply }) => {
    const { stream, fileName } = await service.exportRanking(db, ctx, query);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
  registerRoute(app, contract.getDutyStats, (ctx, { query }) => service.getStats(db, ctx, query));

  registerRoute(app, contract.listPartyLessonTopics, (ctx, { query }) =>
    lessons.listTopics(db, ctx, query.orgId),
  );
  registerRoute(app, contract.createPartyLessonTopic, (ctx, { body }) => lessons.createTopic(db, ctx, body));
  registerRoute(app, contract.listPartyLessons, (ctx, { query }) => lessons.listLessons(db, ctx, query));
  registerRoute(app, contract.listScorablePartyLessons, (ctx) => lessons.listOpen(db, ctx));
  registerRoute(app, contract.holdPartyLesson, (ctx, { body }) => lessons.holdLesson(db, ctx, body));
  registerRoute(app, contract.scorePartyLesson, (ctx, { params, body }) =>
    lessons.scoreLesson(db, ctx, params.id, body),
  );
}
