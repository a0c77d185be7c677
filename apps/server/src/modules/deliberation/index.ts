export { deliberationRoutes } from './deliberation.routes.ts';
export {
  completeItem,
  createCouncil,
  createTopicFromCase,
  createTopicFromSuggestion,
  performTopicAction,
  proposeTopic,
  type TopicFromCase,
  type TopicFromSuggestion,
  topicsOfSuggestions,
} from './deliberation.service.ts';
