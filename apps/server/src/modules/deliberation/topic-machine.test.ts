import { TOPIC_STATES, type TopicState } from '@gongzhi/contract/deliberation';
import { describe, expect, it } from 'vitest';
import {
  allowedTopicActions,
  TOPIC_ROLES,
  type TopicMachineAction,
  type TopicRole,
  topicTransition,
} from './topic-machine.ts';

// The expected table, written out independently of TOPIC_RULES: [action, from, to, roles].
const EXPECTED: [TopicMachineAction, TopicState, TopicState, TopicRole[]][] = [
  ['reject', 'PROPOSED', 'REJECTED_WITH_REPLY', ['manager']],
  ['convert', 'PROPOSED', 'CONVERTED_TO_CASE', ['manager']],
  ['accept', 'PROPOSED', 'ACCEPTED_FOR_AGENDA', ['manager']],
  ['schedule', 'ACCEPTED_FOR_AGENDA', 'SCHEDULED', ['manager']],
  ['schedule', 'DEFERRED', 'SCHEDULED', ['manager']],
  ['vote', 'SCHEDULED', 'SCHEDULED', ['member']],
  ['record', 'SCHEDULED', 'DELIBERATED', ['manager']],
  ['close_vote', 'SCHEDULED', 'DELIBERATED', ['manager', 'system']],
  ['decide', 'DELIBERATED', 'DECIDED', ['manager']],
  ['defer', 'DELIBERATED', 'DEFERRED', ['manager']],
  ['implement', 'DECIDED', 'IMPLEMENTING', ['manager']],
  ['publish', 'DECIDED', 'FEEDBACK_PUBLISHED', ['manager']],
  ['publish', 'IMPLEMENTING', 'FEEDBACK_PUBLISHED', ['manager']],
  ['archive', 'FEEDBACK_PUBLISHED', 'ARCHIVED', ['manager']],
];
const ACTIONS: TopicMachineAction[] = [
  'reject',
  'convert',
  'accept',
  'schedule',
  'vote',
  'record',
  'close_vote',
  'decide',
  'defer',
  'implement',
  'publish',
  'archive',
];

describe('topic state machine (state × action × role)', () => {
  for (const state of TOPIC_STATES) {
    for (const action of ACTIONS) {
      for (const role of TOPIC_ROLES) {
        const row = EXPECTED.find(([a, from]) => a === action && from === state);
        const to = row?.[3].includes(role) ? row[2] : null;
        it(`${state} × ${action} × ${role} → ${to ?? 'refused'}`, () => {
          const t = topicTransition(state, action, [role]);
          if (to) expect(t).toEqual({ ok: true, to });
          else {
            expect(t.ok).toBe(false);
            if (!t.ok) expect(t.reason).toMatch(/议题/);
          }
        });
      }
    }
  }

  it('cannot deliberate before 两委 review: record on PROPOSED names the state', () => {
    expect(topicTransition('PROPOSED', 'record', ['manager'])).toEqual({
      ok: false,
      reason: '议题当前为「待审事」，不能记录议事',
    });
  });

  it('says who may act when the role is wrong, and that final states are over', () => {
    expect(topicTransition('PROPOSED', 'accept', ['member'])).toEqual({
      ok: false,
      reason: '议题处于「待审事」时，只有社区两委可以列入议程',
    });
    expect(topicTransition('ARCHIVED', 'publish', ['manager'])).toEqual({
      ok: false,
      reason: '议题已「已归档」，不能再公示结果',
    });
  });

  it('lists the buttons: review actions for 两委, nothing for members on a proposal', () => {
    expect(allowedTopicActions('PROPOSED', ['manager'])).toEqual(['reject', 'convert', 'accept']);
    expect(allowedTopicActions('PROPOSED', ['member'])).toEqual([]);
    expect(allowedTopicActions('SCHEDULED', ['manager'])).toEqual(['record', 'close_vote']);
    expect(allowedTopicActions('SCHEDULED', ['member'])).toEqual([]);
    expect(allowedTopicActions('ARCHIVED', ['manager'])).toEqual([]);
  });
});
