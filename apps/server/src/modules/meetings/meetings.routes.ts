import * as contract from '@gongzhi/contract/meetings';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { registerPublicRoute, registerRoute } from '../../platform/http/register-route.ts';
import * as service from './meetings.service.ts';
import * as rollcall from './rollcall.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function meetingsRoutes(app: FastifyInstance, { db }: AppDeps): void {
  registerRoute(app, contract.listMeetings, (ctx, { query }) => service.listMeetings(db, ctx, query));
  registerRoute(app, contract.createMeeting, (ctx, { body }) => service.createMeeting(db, ctx, body));
  registerRoute(app, contract.getMeeting, (ctx, { params }) => service.getMeeting(db, ctx, params.id));
  registerRoute(app, contract.extendMeetingSeries, (ctx, { params, body }) =>
    service.extendSeries(db, ctx, params.id, body),
  );
  registerRoute(app, contract.cancelMeeting, (ctx, { params, body }) =>
    service.cancelMeeting(db, ctx, params.id, body.reason),
  );
  registerRoute(app, contract.checkInMeeting, (ctx, { body }) => service.checkIn(db, ctx, body));
  registerRoute(app, contract.recordAttendance, (ctx, { params, body }) =>
    service.recordAttendance(db, ctx, params.id, body.entries),
  );
  registerRoute(app, contract.saveMinutes, (ctx, { params, body }) =>
    service.saveMinutes(db, ctx, params.id, body),
  );
  registerRoute(app, contract.replySuggestion, (ctx, { params, body }) =>
    service.replySuggestion(db, ctx, params.id, body.reply),
  );
  registerRoute(app, contract.raiseTopicFromSuggestion, (ctx, { params }) =>
    service.raiseTopicFromSuggestion(db, ctx, params.id),
  );
  registerRoute(app, contract.closeMeeting, (ctx, { params }) => service.closeMeeting(db, ctx, params.id));
  registerRoute(app, contract.addMeetingAmendment, (ctx, { params, body }) =>
    service.addAmendment(db, ctx, params.id, body),
  );
  registerRoute(app, contract.completeFeedback, (ctx, { params }) =>
    service.completeFeedback(db, ctx, params.id),
  );
  registerRoute(app, contract.rotateCalendarToken, (ctx) => service.rotateCalendarToken(db, ctx));
  registerRoute(app, contract.revokeCalendarToken, (ctx) => service.revokeCalendarToken(db, ctx));
  // The feed is fetched by calendar apps without a session: the per-user token is the only credential.
  registerPublicRoute(app, contract.getCalendarFeed, async ({ query, reply }) => {
    const body = await service.calendarFeed(db, query.token);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="gongzhi.ics"')
      .header('cache-control', 'private, no-store')
      .send(body);
  });

  registerRoute(app, contract.getRota, (ctx, { query }) => rollcall.getRota(db, ctx, query));
  registerRoute(app, contract.generateRota, (ctx, { body }) => rollcall.generateRota(db, ctx, body));
  registerRoute(app, contract.substituteDuty, (ctx, { params, body }) =>
    rollcall.substituteDuty(db, ctx, params.id, body),
  );
  registerRoute(app, contract.checkInDuty, (ctx, { params, body }) =>
    rollcall.checkInDuty(db, ctx, params.id, body.status),
  );
  registerRoute(app, contract.listLeaves, (ctx, { query }) => rollcall.listLeaves(db, ctx, query));
  registerRoute(app, contract.recordLeave, (ctx, { body }) => rollcall.recordLeave(db, ctx, body));
  registerRoute(app, contract.getRollcallReport, (ctx, { query }) => rollcall.getReport(db, ctx, query));
  registerRoute(app, contract.exportRollcallReport, async (ctx, { query, reply }) => {
    const { stream, fileName } = await rollcall.exportReport(db, ctx, query);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
}
