import { TwilioApiError } from '@dual-channel-recording/contract';
import type { BindingGateway } from './task-binding';
import { bindingOfCall } from './task-binding';
import type { ConferenceMeta } from './twilio-gateway';

const TASK = 'WT' + '1'.repeat(32);
const CALL = 'CA' + '2'.repeat(32);
const CF = 'CF' + '3'.repeat(32);

function gateway(world: {
  conferences?: ConferenceMeta[];
  live?: string[];
  summaries?: string[] | TwilioApiError;
}): BindingGateway & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    listConferencesNamed: async (name) => {
      asked.push(`conferences ${name}`);
      return world.conferences ?? [];
    },
    isLiveParticipant: async (_cf, call) => {
      asked.push('live');
      return (world.live ?? []).includes(call);
    },
    listConferenceParticipantCalls: async () => {
      asked.push('insights');
      if (world.summaries instanceof TwilioApiError) throw world.summaries;
      return world.summaries ?? [];
    },
  };
}

const conference = (status: string, friendlyName = TASK): ConferenceMeta => ({
  sid: CF,
  friendlyName,
  status,
});

describe('bindingOfCall: does Twilio tie the call to the task?', () => {
  it('is not tied when Twilio has no conference named after the task', async () => {
    const g = gateway({ conferences: [conference('completed', 'WT' + '9'.repeat(32))] });
    expect(await bindingOfCall(g, CALL, TASK)).toEqual({
      tied: false,
      reason: `Twilio has no conference named after task ${TASK}`,
    });
  });

  it('is tied by a live participant of the task’s in-progress conference, without asking Voice Insights', async () => {
    const g = gateway({ conferences: [conference('in-progress')], live: [CALL] });
    expect(await bindingOfCall(g, CALL, TASK)).toMatchObject({ tied: true });
    expect(g.asked).not.toContain('insights');
  });

  it('is tied by Voice Insights’ participant summaries once the conference ended', async () => {
    const g = gateway({ conferences: [conference('completed')], summaries: ['CA' + '4'.repeat(32), CALL] });
    expect(await bindingOfCall(g, CALL, TASK)).toMatchObject({
      tied: true,
      via: expect.stringContaining('Voice Insights'),
    });
    expect(g.asked).not.toContain('live');
  });

  it('is not tied, and says Twilio could not tell, when Voice Insights refuses (no Advanced Features)', async () => {
    const refused = new TwilioApiError('Forbidden to access data', 403, 17000);
    const binding = await bindingOfCall(
      gateway({ conferences: [conference('completed')], summaries: refused }),
      CALL,
      TASK,
    );
    expect(binding.tied).toBe(false);
    expect(!binding.tied && binding.reason).toMatch(
      /cannot show .*Advanced Features.*HTTP 403, Twilio 17000/,
    );
  });

  it('is not tied when the call was never a participant', async () => {
    const g = gateway({
      conferences: [conference('in-progress')],
      live: [],
      summaries: ['CA' + '4'.repeat(32)],
    });
    expect(await bindingOfCall(g, CALL, TASK)).toEqual({
      tied: false,
      reason: `Twilio lists call ${CALL} as no participant of the conference of task ${TASK}`,
    });
  });

  it('is not tied, without asking Twilio, when the recording names no call (a conference recording)', async () => {
    const g = gateway({ conferences: [conference('in-progress')], live: [''] });
    expect(await bindingOfCall(g, '', TASK)).toMatchObject({
      tied: false,
      reason: expect.stringContaining('names no call'),
    });
    expect(g.asked).toEqual([]);
  });
});
