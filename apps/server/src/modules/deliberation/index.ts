export { deliberationRoutes } from './deliberation.routes.ts';
export {
  createTopicFromCase,
  createTopicFromSuggestion,
  type TopicFromCase,
  type TopicFromSuggestion,
  topicsOfSuggestions,
} from './deliberation.service.ts';
