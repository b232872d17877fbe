import { describe, expect, it } from 'vitest';
import { callResultOf, deriveTimeline } from '../../shared/domain/call-timeline.ts';

const at = (time: string) => new Date(`2026-11-25T${time}.000Z`);

describe('call result from the timeline', () => {
  it.each([
    ['nothing reported yet', {}, 'in_progress'],
    ['initiated, no end yet', { initiatedAt: at('10:00:00'), afterHours: false }, 'in_progress'],
    ['taken by an agent, still on', { queuedAt: at('10:00:20'), answeredAt: at('10:01:00') }, 'answered'],
    [
      'taken by an agent and ended',
      { queuedAt: at('10:00:20'), answeredAt: at('10:01:00'), disconnectedAt: at('10:05:00') },
      'answered',
    ],
    ['queued and given up', { queuedAt: at('10:00:20'), disconnectedAt: at('10:02:00') }, 'abandoned'],
    [
      'ended in the flow while closed',
      { initiatedAt: at('18:30:00'), afterHours: true, disconnectedAt: at('18:31:00') },
      'not_queued',
    ],
  ] as const)('%s: %s', (_case, milestones, result) => {
    expect(callResultOf(deriveTimeline(milestones))).toBe(result);
  });
});
