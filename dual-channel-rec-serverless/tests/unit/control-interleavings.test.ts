/**
 * The pause/resume PCI invariant under every interleaving fast-check can find: concurrent pause and
 * resume requests (and Flex writing the task meanwhile) against the in-memory Twilio, where every
 * request to Twilio is held twice by fast-check's scheduler: before it takes effect and before its
 * answer comes back. So any Twilio write or task write can land late, early, or between any two
 * steps of another request. A monitor looks at the state after every single effect:
 *
 * - always: the task says paused ⇒ Twilio has the recording paused;
 * - at the end: no lease is left, the task's flag equals Twilio's status, and both equal the action
 *   of the last request that changed something (the last audit entry).
 */
import fc from 'fast-check';
import type { FlexIdentity } from '../../src/http/flex-token';
import type { ControlAction, ControlRecordingResponse } from '@dual-channel-recording/contract';
import { PRODUCT_ATTRIBUTE_KEY } from '@dual-channel-recording/contract';
import type { ControlDeps } from '../../src/routes/pause-resume-recording';
import { controlRecording } from '../../src/routes/pause-resume-recording';
import { leaseFor, recordingStateFor } from '../../src/rules/attributes';
import type { TwilioGateway } from '../../src/twilio/gateway';
import type { FakeTwilio } from '../helpers/fake-gateway';
import { CONFERENCE, RECORDING, recordedLeg } from '../helpers/recorded-leg';
import { CALL, RESERVATION, TASK, sid } from '../helpers/sids';
import { TEST_SEALS } from '../helpers/seals';

const ME: FlexIdentity = { workerSid: sid('WK', 1), identity: 'alice', roles: ['agent'] };
const SUPERVISOR: FlexIdentity = { workerSid: sid('WK', 9), identity: 'sam', roles: ['supervisor'] };
const RE1 = RECORDING;
const params = { taskSid: TASK, reservationSid: RESERVATION, callSid: CALL, conferenceSid: CONFERENCE };

/**
 * The gateway with every operation held by the scheduler twice: before it reaches Twilio (the
 * effect) and before its answer reaches the caller.
 */
function held(gateway: TwilioGateway, s: fc.Scheduler): TwilioGateway {
  const wrapped: Record<string, unknown> = { accountSid: gateway.accountSid };
  for (const [name, op] of Object.entries(gateway)) {
    if (typeof op !== 'function') continue;
    const call = op as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      await s.schedule(Promise.resolve(), `${name} sent`);
      const outcome = await call(...args).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      await s.schedule(Promise.resolve(), `${name} answered`);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    };
  }
  return wrapped as unknown as TwilioGateway;
}

function taskFlag(fake: FakeTwilio): boolean {
  return recordingStateFor(fake.taskAttributes(TASK), RE1)?.paused === true;
}

function twilioStatus(fake: FakeTwilio): string {
  return fake.recordings.find((r) => r.sid === RE1)!.status;
}

type Outcome = { ok: true; body: ControlRecordingResponse } | { ok: false; error: unknown };

const start = fc.constantFrom(
  { twilio: 'in-progress' as const, flag: false },
  { twilio: 'paused' as const, flag: false },
  { twilio: 'paused' as const, flag: true },
);

describe('pause/resume under any interleaving of their Twilio and task writes', () => {
  it('the task never says paused while Twilio records, and all three agree with the last change once the requests are done', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        start,
        fc.array(fc.constantFrom<ControlAction>('pause', 'resume'), { minLength: 2, maxLength: 5 }),
        fc.nat({ max: 3 }),
        async (s, initial, actions, flexWrites) => {
          const fake = recordedLeg(ME.workerSid, initial);
          const violations: string[] = [];
          fake.onChange = () => {
            if (taskFlag(fake) && twilioStatus(fake) !== 'paused') {
              violations.push(`task says paused while Twilio is ${twilioStatus(fake)}`);
            }
          };
          const gateway = held(fake.gateway(), s);
          let leases = 0;
          const outcomes = actions.map((action) => {
            let waits = 0;
            const deps: ControlDeps = {
              gateway,
              validateToken: async () => ME,
              pauseBehavior: 'skip',
              pauseRoles: [],
              now: () => Date.UTC(2026, 0, 1, 12),
              log: () => undefined,
              sleep: () => s.schedule(Promise.resolve(), 'lease wait'),
              mayWait: () => (waits += 1) <= 25,
              newLeaseId: () => `lease-${(leases += 1)}`,
              seals: TEST_SEALS,
            };
            return controlRecording(action, params, 'token', deps).then(
              (body): Outcome => ({ ok: true, body }),
              (error: unknown): Outcome => ({ ok: false, error }),
            );
          });
          // Flex (or a supervisor) writes the task meanwhile: every such write is a 412 for someone.
          const writers = Array.from({ length: flexWrites }, (_, n) =>
            s
              .schedule(Promise.resolve(), 'flex writes')
              .then(() => fake.externalWrite(TASK, (a) => ({ ...a, flex_note: n }))),
          );
          const results = await s.waitFor(Promise.all([Promise.all(outcomes), ...writers]).then(([o]) => o));

          expect(violations).toEqual([]);
          for (const result of results) {
            // Only the lease can refuse a request here (503 recording_busy when it waited too long).
            if (!result.ok) expect(result.error).toMatchObject({ status: 503, code: 'recording_busy' });
          }
          expect(results.some((r) => r.ok)).toBe(true);
          const attrs = fake.taskAttributes(TASK);
          expect(leaseFor(attrs, RE1)).toBeUndefined();
          expect(taskFlag(fake)).toBe(twilioStatus(fake) === 'paused');
          const audit = (attrs[PRODUCT_ATTRIBUTE_KEY] as { audit?: { action: string }[] }).audit ?? [];
          const changed = results.filter((r) => r.ok && r.body.changed).length;
          expect(audit.length).toBeGreaterThanOrEqual(changed);
          if (audit.length > 0) {
            const last = audit[audit.length - 1].action;
            expect(twilioStatus(fake)).toBe(last === 'pause' ? 'paused' : 'in-progress');
          }
          expect(attrs.keep).toBe(true);
        },
      ),
      { seed: 20261201, numRuns: 300 },
    );
  }, 120_000);

  it('a supervisor’s pause, which reaches Twilio before the lease, never makes the task say paused while Twilio records, among the agent’s pauses and resumes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        start,
        fc.array(fc.constantFrom<ControlAction>('pause', 'resume'), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 4 }),
        async (s, initial, agentActions, supervisorAt) => {
          const fake = recordedLeg(ME.workerSid, initial);
          const violations: string[] = [];
          fake.onChange = () => {
            if (taskFlag(fake) && twilioStatus(fake) !== 'paused') {
              violations.push(`task says paused while Twilio is ${twilioStatus(fake)}`);
            }
          };
          const gateway = held(fake.gateway(), s);
          let leases = 0;
          const requests: { action: ControlAction; who: FlexIdentity }[] = agentActions.map((action) => ({
            action,
            who: ME,
          }));
          requests.splice(Math.min(supervisorAt, requests.length), 0, { action: 'pause', who: SUPERVISOR });
          const outcomes = requests.map(({ action, who }) => {
            let waits = 0;
            const deps: ControlDeps = {
              gateway,
              validateToken: async () => who,
              pauseBehavior: 'skip',
              pauseRoles: ['supervisor'],
              now: () => Date.UTC(2026, 0, 1, 12),
              log: () => undefined,
              sleep: () => s.schedule(Promise.resolve(), 'lease wait'),
              mayWait: () => (waits += 1) <= 25,
              newLeaseId: () => `lease-${(leases += 1)}`,
              seals: TEST_SEALS,
            };
            const fields =
              who === SUPERVISOR ? { taskSid: TASK, callSid: CALL, conferenceSid: CONFERENCE } : params;
            return controlRecording(action, fields, 'token', deps).then(
              (body): Outcome => ({ ok: true, body }),
              (error: unknown): Outcome => ({ ok: false, error }),
            );
          });
          const results = await s.waitFor(Promise.all(outcomes));
          expect(violations).toEqual([]);
          // The supervisor's pause is never refused by a lease.
          const supervisor = results[requests.findIndex((r) => r.who === SUPERVISOR)];
          expect(supervisor).toMatchObject({ ok: true, body: { status: 'paused' } });
          expect(leaseFor(fake.taskAttributes(TASK), RE1)).toBeUndefined();
          if (taskFlag(fake)) expect(twilioStatus(fake)).toBe('paused');
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
  }, 120_000);
});
