export { deliberationRoutes } from './deliberation.routes.ts';
export { createTopicFromCase, type TopicFromCase } from './deliberation.service.ts';
