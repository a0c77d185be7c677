export { type AmendedRecord, addAmendmentTo, listAmendments } from './amendments.ts';
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
export { scheduleVoteTally, tallyClosedVotes, VOTE_TALLY_JOB } from './vote-tally.ts';
