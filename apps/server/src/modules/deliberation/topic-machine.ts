import {
  FINAL_TOPIC_STATES,
  TOPIC_ACTION_LABELS,
  TOPIC_STATE_LABELS,
  type TopicAction,
  type TopicState,
} from '@gongzhi/contract/deliberation';

/**
 * The topic state machine of research/domain.md §5.2, pure: which role may take which action in which state,
 * and where it leads. `manager` = 两委 (deliberation.manage over the community); `member` = a council member
 * with an account; `system` = the vote tally when an online window closes.
 */
export type TopicRole = 'manager' | 'member' | 'system';
export type TopicMachineAction = TopicAction | 'vote';

export const TOPIC_ROLES: readonly TopicRole[] = ['manager', 'member', 'system'];
export const TOPIC_ROLE_LABELS: Record<TopicRole, string> = {
  manager: '社区两委',
  member: '议事会成员',
  system: '系统',
};
const ACTION_LABELS: Record<TopicMachineAction, string> = { ...TOPIC_ACTION_LABELS, vote: '线上表决' };

interface Rule {
  action: TopicMachineAction;
  from: readonly TopicState[];
  to: TopicState;
  roles: readonly TopicRole[];
}

export const TOPIC_RULES: readonly Rule[] = [
  { action: 'reject', from: ['PROPOSED'], to: 'REJECTED_WITH_REPLY', roles: ['manager'] },
  { action: 'convert', from: ['PROPOSED'], to: 'CONVERTED_TO_CASE', roles: ['manager'] },
  { action: 'accept', from: ['PROPOSED'], to: 'ACCEPTED_FOR_AGENDA', roles: ['manager'] },
  { action: 'schedule', from: ['ACCEPTED_FOR_AGENDA', 'DEFERRED'], to: 'SCHEDULED', roles: ['manager'] },
  { action: 'vote', from: ['SCHEDULED'], to: 'SCHEDULED', roles: ['member'] },
  { action: 'record', from: ['SCHEDULED'], to: 'DELIBERATED', roles: ['manager'] },
  { action: 'close_vote', from: ['SCHEDULED'], to: 'DELIBERATED', roles: ['manager', 'system'] },
  { action: 'decide', from: ['DELIBERATED'], to: 'DECIDED', roles: ['manager'] },
  { action: 'defer', from: ['DELIBERATED'], to: 'DEFERRED', roles: ['manager'] },
  { action: 'implement', from: ['DECIDED'], to: 'IMPLEMENTING', roles: ['manager'] },
  // A decision with nothing to carry out (a refusal, a case closed) is published straight away.
  { action: 'publish', from: ['DECIDED', 'IMPLEMENTING'], to: 'FEEDBACK_PUBLISHED', roles: ['manager'] },
  { action: 'archive', from: ['FEEDBACK_PUBLISHED'], to: 'ARCHIVED', roles: ['manager'] },
];

export type TopicTransition = { ok: true; to: TopicState } | { ok: false; reason: string };

const label = (s: TopicState) => TOPIC_STATE_LABELS[s];

/** The next state when an actor holding `roles` takes `action` on a topic in `state`, or why not (Chinese). */
export function topicTransition(
  state: TopicState,
  action: TopicMachineAction,
  roles: readonly TopicRole[],
): TopicTransition {
  const inState = TOPIC_RULES.filter((r) => r.action === action && r.from.includes(state));
  const actionLabel = ACTION_LABELS[action];
  if (inState.length === 0) {
    const reason = FINAL_TOPIC_STATES.includes(state)
      ? `议题已「${label(state)}」，不能再${actionLabel}`
      : `议题当前为「${label(state)}」，不能${actionLabel}`;
    return { ok: false, reason };
  }
  const rule = inState.find((r) => r.roles.some((role) => roles.includes(role)));
  if (rule) return { ok: true, to: rule.to };
  const who = [...new Set(inState.flatMap((r) => r.roles))].map((r) => TOPIC_ROLE_LABELS[r]).join('、');
  return { ok: false, reason: `议题处于「${label(state)}」时，只有${who}可以${actionLabel}` };
}

/** The HTTP actions the holder of `roles` may take now: the buttons the web app shows. */
export function allowedTopicActions(state: TopicState, roles: readonly TopicRole[]): TopicAction[] {
  return TOPIC_RULES.filter(
    (r): r is Rule & { action: TopicAction } =>
      r.action !== 'vote' && r.from.includes(state) && r.roles.some((role) => roles.includes(role)),
  )
    .map((r) => r.action)
    .filter((a, i, all) => all.indexOf(a) === i);
}
