import {
  CASE_ACTION_LABELS,
  CASE_STATE_LABELS,
  type CaseAction,
  type CaseRole,
  type CaseState,
  FINAL_CASE_STATES,
} from '@gongzhi/contract/cases';

/**
 * The case state machine of research/domain.md §5.1, pure: which role may take which action in which state,
 * and where it leads. Actions beyond the HTTP ones: ratings (the service picks `rate` or `rate_unsatisfied`),
 * the deliberation module's decision, and the sweep's closing of unrated cases.
 */
export type MachineAction =
  | CaseAction
  | 'rate'
  | 'rate_unsatisfied'
  | 'auto_close'
  | 'deliberation_dispatch'
  | 'deliberation_close';

export const CASE_ROLES: readonly CaseRole[] = [
  'reporter',
  'proxy',
  'responder',
  'supervisor',
  'triage',
  'handler',
  'system',
];

export const ROLE_LABELS: Record<CaseRole, string> = {
  reporter: '反映人',
  proxy: '代报人',
  responder: '首接责任人（邻长/户长/网格员）',
  supervisor: '上级联户或网格人员',
  triage: '社区分拨人员（两委）',
  handler: '办理人',
  system: '系统',
};

export const MACHINE_ACTION_LABELS: Record<MachineAction, string> = {
  ...CASE_ACTION_LABELS,
  rate: '确认评价',
  rate_unsatisfied: '不满意评价',
  auto_close: '逾期未评价自动办结',
  deliberation_dispatch: '议事决定派单',
  deliberation_close: '议事决定办结',
};

export const OPEN_STATES: readonly CaseState[] = [
  'SUBMITTED',
  'ACCEPTED',
  'TRIAGE',
  'DISPATCHED',
  'IN_PROGRESS',
  'EXTENSION_PENDING',
  'PARKED',
  'TO_DELIBERATION',
  'ESCALATED',
  'VERIFYING',
  'AWAITING_CONFIRMATION',
  'REOPENED',
];

interface Rule {
  action: MachineAction;
  from: readonly CaseState[];
  to: CaseState;
  roles: readonly CaseRole[];
}

const FIRST_LINE: readonly CaseRole[] = ['responder', 'supervisor', 'triage'];
// External handlers (物业, 街道平台) have no login: the community records their steps for them.
const HANDLING: readonly CaseRole[] = ['handler', 'triage'];
const RATERS: readonly CaseRole[] = ['reporter', 'proxy', 'responder', 'supervisor'];
const TRIAGE_FROM: readonly CaseState[] = ['ACCEPTED', 'TRIAGE'];

export const RULES: readonly Rule[] = [
  { action: 'sign', from: ['SUBMITTED'], to: 'ACCEPTED', roles: FIRST_LINE },
  { action: 'pass_up', from: ['ACCEPTED'], to: 'TRIAGE', roles: ['responder', 'supervisor'] },
  { action: 'handle_locally', from: ['ACCEPTED'], to: 'AWAITING_CONFIRMATION', roles: FIRST_LINE },
  { action: 'handle_locally', from: ['TRIAGE'], to: 'AWAITING_CONFIRMATION', roles: ['triage'] },
  { action: 'reject', from: ['SUBMITTED', ...TRIAGE_FROM], to: 'NOT_ACCEPTED', roles: ['triage'] },
  { action: 'dispatch', from: [...TRIAGE_FROM, 'REOPENED'], to: 'DISPATCHED', roles: ['triage'] },
  { action: 'escalate', from: TRIAGE_FROM, to: 'ESCALATED', roles: ['triage'] },
  { action: 'deliberate', from: TRIAGE_FROM, to: 'TO_DELIBERATION', roles: ['triage'] },
  { action: 'return', from: ['DISPATCHED', 'IN_PROGRESS'], to: 'TRIAGE', roles: HANDLING },
  { action: 'start', from: ['DISPATCHED', 'REOPENED'], to: 'IN_PROGRESS', roles: HANDLING },
  { action: 'feedback', from: ['IN_PROGRESS'], to: 'VERIFYING', roles: HANDLING },
  { action: 'request_extension', from: ['IN_PROGRESS'], to: 'EXTENSION_PENDING', roles: HANDLING },
  { action: 'approve_extension', from: ['EXTENSION_PENDING'], to: 'IN_PROGRESS', roles: ['triage'] },
  { action: 'deny_extension', from: ['EXTENSION_PENDING'], to: 'IN_PROGRESS', roles: ['triage'] },
  { action: 'park', from: ['TRIAGE', 'IN_PROGRESS'], to: 'PARKED', roles: ['triage'] },
  { action: 'unpark', from: ['PARKED'], to: 'TRIAGE', roles: ['triage'] },
  { action: 'escalation_result', from: ['ESCALATED'], to: 'VERIFYING', roles: ['triage'] },
  { action: 'verify_pass', from: ['VERIFYING'], to: 'AWAITING_CONFIRMATION', roles: FIRST_LINE },
  { action: 'verify_fail', from: ['VERIFYING'], to: 'IN_PROGRESS', roles: FIRST_LINE },
  { action: 'withdraw', from: OPEN_STATES, to: 'WITHDRAWN', roles: ['reporter', 'proxy'] },
  { action: 'merge', from: OPEN_STATES, to: 'MERGED', roles: ['triage'] },
  // A late rating of a case closed unrated stays closed; a satisfied re-rating is refused by the service.
  { action: 'rate', from: ['AWAITING_CONFIRMATION', 'CLOSED'], to: 'CLOSED', roles: RATERS },
  { action: 'rate_unsatisfied', from: ['AWAITING_CONFIRMATION', 'CLOSED'], to: 'REOPENED', roles: RATERS },
  { action: 'auto_close', from: ['AWAITING_CONFIRMATION'], to: 'CLOSED', roles: ['system'] },
  { action: 'deliberation_dispatch', from: ['TO_DELIBERATION'], to: 'DISPATCHED', roles: ['system'] },
  { action: 'deliberation_close', from: ['TO_DELIBERATION'], to: 'CLOSED', roles: ['system'] },
];

export type Transition = { ok: true; to: CaseState } | { ok: false; reason: string };

const label = (state: CaseState) => CASE_STATE_LABELS[state];

/** The next state when an actor holding `roles` takes `action` on a case in `state`, or why not (Chinese). */
export function transition(state: CaseState, action: MachineAction, roles: readonly CaseRole[]): Transition {
  const inState = RULES.filter((r) => r.action === action && r.from.includes(state));
  const actionLabel = MACHINE_ACTION_LABELS[action];
  if (inState.length === 0) {
    const reason = FINAL_CASE_STATES.includes(state)
      ? `诉求已「${label(state)}」，不能再${actionLabel}`
      : `诉求当前为「${label(state)}」，不能${actionLabel}`;
    return { ok: false, reason };
  }
  const rule = inState.find((r) => r.roles.some((role) => roles.includes(role)));
  if (rule) return { ok: true, to: rule.to };
  const who = [...new Set(inState.flatMap((r) => r.roles))].map((r) => ROLE_LABELS[r]).join('、');
  return { ok: false, reason: `诉求处于「${label(state)}」时，只有${who}可以${actionLabel}` };
}

/** The HTTP actions the holder of `roles` may take now: the buttons the web app shows. */
export function allowedActions(state: CaseState, roles: readonly CaseRole[]): CaseAction[] {
  return RULES.filter(
    (r): r is Rule & { action: CaseAction } =>
      r.from.includes(state) &&
      r.roles.some((role) => roles.includes(role)) &&
      CASE_ACTION_LABELS[r.action as CaseAction] !== undefined,
  )
    .map((r) => r.action)
    .filter((a, i, all) => all.indexOf(a) === i);
}
