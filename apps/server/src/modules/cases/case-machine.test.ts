import { CaseStateSchema } from '@gongzhi/contract/cases';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  CASE_ROLES,
  MACHINE_ACTION_LABELS,
  type MachineAction,
  transition,
} from './case-machine.ts';

/**
 * The expected table, written out by hand from research/domain.md §5.1 (not derived from RULES):
 * `STATE action roles… → NEXT`. Every combination not listed must be refused.
 */
const FIRST = 'responder supervisor triage';
const HAND = 'handler triage';
const RATE = 'reporter proxy responder supervisor';
const OPEN = [
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
const TABLE: string[] = [
  `SUBMITTED sign ${FIRST} → ACCEPTED`,
  'SUBMITTED reject triage → NOT_ACCEPTED',
  'ACCEPTED pass_up responder supervisor → TRIAGE',
  `ACCEPTED handle_locally ${FIRST} → AWAITING_CONFIRMATION`,
  'ACCEPTED reject triage → NOT_ACCEPTED',
  'ACCEPTED dispatch triage → DISPATCHED',
  'ACCEPTED escalate triage → ESCALATED',
  'ACCEPTED deliberate triage → TO_DELIBERATION',
  'TRIAGE handle_locally triage → AWAITING_CONFIRMATION',
  'TRIAGE reject triage → NOT_ACCEPTED',
  'TRIAGE dispatch triage → DISPATCHED',
  'TRIAGE escalate triage → ESCALATED',
  'TRIAGE deliberate triage → TO_DELIBERATION',
  'TRIAGE park triage → PARKED',
  `DISPATCHED start ${HAND} → IN_PROGRESS`,
  `DISPATCHED return ${HAND} → TRIAGE`,
  `IN_PROGRESS feedback ${HAND} → VERIFYING`,
  `IN_PROGRESS return ${HAND} → TRIAGE`,
  `IN_PROGRESS request_extension ${HAND} → EXTENSION_PENDING`,
  'IN_PROGRESS park triage → PARKED',
  'EXTENSION_PENDING approve_extension triage → IN_PROGRESS',
  'EXTENSION_PENDING deny_extension triage → IN_PROGRESS',
  'PARKED unpark triage → TRIAGE',
  'TO_DELIBERATION deliberation_dispatch system → DISPATCHED',
  'TO_DELIBERATION deliberation_close system → CLOSED',
  'ESCALATED escalation_result triage → VERIFYING',
  `VERIFYING verify_pass ${FIRST} → AWAITING_CONFIRMATION`,
  `VERIFYING verify_fail ${FIRST} → IN_PROGRESS`,
  `AWAITING_CONFIRMATION rate ${RATE} → CLOSED`,
  `AWAITING_CONFIRMATION rate_unsatisfied ${RATE} → REOPENED`,
  'AWAITING_CONFIRMATION auto_close system → CLOSED',
  `CLOSED rate ${RATE} → CLOSED`,
  `CLOSED rate_unsatisfied ${RATE} → REOPENED`,
  'REOPENED dispatch triage → DISPATCHED',
  `REOPENED start ${HAND} → IN_PROGRESS`,
  ...OPEN.map((s) => `${s} withdraw reporter proxy → WITHDRAWN`),
  ...OPEN.map((s) => `${s} merge triage → MERGED`),
];

const expected = new Map<string, string>();
for (const line of TABLE) {
  const [left, to] = line.split(' → ') as [string, string];
  const [state, action, ...roles] = left.split(' ');
  for (const role of roles) expected.set(`${state}|${action}|${role}`, to);
}

const STATES = CaseStateSchema.options;
const ACTIONS = Object.keys(MACHINE_ACTION_LABELS) as MachineAction[];

describe('case state machine: every state × action × role', () => {
  const cells = STATES.flatMap((state) =>
    ACTIONS.flatMap((action) => CASE_ROLES.map((role) => ({ state, action, role }))),
  );

  it('covers the whole table', () => {
    expect(cells.length).toBe(16 * 25 * 7);
    expect(expected.size).toBe(98);
  });

  it.each(cells)('$state + $action by $role', ({ state, action, role }) => {
    const result = transition(state, action, [role]);
    const to = expected.get(`${state}|${action}|${role}`);
    if (to) {
      expect(result).toEqual({ ok: true, to });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('explains a wrong role differently from a wrong state', () => {
    expect(transition('SUBMITTED', 'dispatch', ['triage'])).toEqual({
      ok: false,
      reason: '诉求当前为「待签收」，不能派单',
    });
    expect(transition('SUBMITTED', 'sign', ['reporter'])).toEqual({
      ok: false,
      reason:
        '诉求处于「待签收」时，只有首接责任人（邻长/户长/网格员）、上级联户或网格人员、社区分拨人员（两委）可以签收',
    });
    expect(transition('CLOSED', 'withdraw', ['reporter'])).toEqual({
      ok: false,
      reason: '诉求已「已办结」，不能再撤回',
    });
  });

  it('a person holding several roles gets the union', () => {
    expect(transition('VERIFYING', 'verify_pass', ['reporter', 'responder'])).toEqual({
      ok: true,
      to: 'AWAITING_CONFIRMATION',
    });
    expect(allowedActions('ACCEPTED', ['responder'])).toEqual(['pass_up', 'handle_locally']);
    expect(allowedActions('ACCEPTED', ['reporter'])).toEqual(['withdraw']);
    expect(allowedActions('AWAITING_CONFIRMATION', ['reporter'])).toEqual(['withdraw']);
  });
});
