/**
 * Seals (src/rules/seals.ts): what the Functions write on a task and later trust verifies only
 * with their key, for that task and that content. Everything an agent can do to the attributes
 * (plant, edit, move from another task, write without the key) leaves an entry that does not verify.
 */
import {
  createTaskSeals,
  isSealedClaim,
  isSealedEnded,
  isSealedLease,
  isSealedStop,
  sealedClaim,
  sealedClaims,
  sealedLease,
} from '../../src/rules/seals';
import { TEST_SEALS } from '../helpers/seals';
import { sid } from '../helpers/sids';

const TASK = sid('WT', 1);
const OTHER_TASK = sid('WT', 2);
const CALL = sid('CA', 1);
const claim = { recording_sid: sid('RE', 1), channel: 'customer' as const, reservation_sid: sid('WR', 1) };

describe('claim seals', () => {
  it('a claim sealed on a task verifies there, and nowhere else, and not once edited', () => {
    const sealed = sealedClaim(TEST_SEALS, TASK, CALL, claim);
    expect(isSealedClaim(TEST_SEALS, TASK, CALL, sealed)).toBe(true);
    expect(isSealedClaim(TEST_SEALS, OTHER_TASK, CALL, sealed)).toBe(false);
    expect(isSealedClaim(TEST_SEALS, TASK, sid('CA', 2), sealed)).toBe(false);
    for (const edited of [
      { ...sealed, recording_sid: sid('RE', 2) },
      { ...sealed, channel: 'worker' as const },
      { ...sealed, reservation_sid: sid('WR', 2) },
      { ...sealed, seal: undefined },
      { ...sealed, seal: sealed.seal!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
    ])
      expect(isSealedClaim(TEST_SEALS, TASK, CALL, edited)).toBe(false);
  });

  it('a seal made with another key (another service, a rotated secret) does not verify', () => {
    const other = createTaskSeals('another-secret-0123456789-0123456789');
    expect(isSealedClaim(TEST_SEALS, TASK, CALL, sealedClaim(other, TASK, CALL, claim))).toBe(false);
  });

  it('sealedClaims keeps the sealed claims of the task and logs the others by SID', () => {
    const logs: string[] = [];
    const attributes = {
      dual_channel_recording: {
        legs: {
          [CALL]: sealedClaim(TEST_SEALS, TASK, CALL, claim),
          [sid('CA', 2)]: { ...claim, recording_sid: sid('RE', 2) },
          [sid('CA', 3)]: sealedClaim(TEST_SEALS, OTHER_TASK, sid('CA', 3), claim),
        },
      },
    };
    const kept = sealedClaims(attributes, TASK, TEST_SEALS, (event, fields) =>
      logs.push(`${event} ${String(fields.callSid)}`),
    );
    expect(Object.keys(kept)).toEqual([CALL]);
    expect(logs).toEqual([
      `unsealed_claim_ignored ${sid('CA', 2)}`,
      `unsealed_claim_ignored ${sid('CA', 3)}`,
    ]);
  });
});

describe('lease and ended seals', () => {
  it('a lease verifies only as the Function took it: another id, action or until does not', () => {
    const lease = sealedLease(TEST_SEALS, TASK, claim.recording_sid, { id: 'l1', action: 'pause', until: 5 });
    expect(isSealedLease(TEST_SEALS, TASK, claim.recording_sid, lease)).toBe(true);
    for (const edited of [
      { ...lease, until: 6 },
      { ...lease, action: 'resume' as const },
      { ...lease, id: 'l2' },
    ])
      expect(isSealedLease(TEST_SEALS, TASK, claim.recording_sid, edited)).toBe(false);
    expect(isSealedLease(TEST_SEALS, OTHER_TASK, claim.recording_sid, lease)).toBe(false);
  });

  it('an ended seal is one recording’s of one task', () => {
    const seal = TEST_SEALS.ended(TASK, claim.recording_sid);
    expect(isSealedEnded(TEST_SEALS, TASK, claim.recording_sid, seal)).toBe(true);
    expect(isSealedEnded(TEST_SEALS, TASK, sid('RE', 2), seal)).toBe(false);
    expect(isSealedEnded(TEST_SEALS, OTHER_TASK, claim.recording_sid, seal)).toBe(false);
    expect(isSealedEnded(TEST_SEALS, TASK, claim.recording_sid, undefined)).toBe(false);
  });
});

describe('stop seals', () => {
  const RECORDING = claim.recording_sid;
  const stoppedForConsent = {
    call_sid: CALL,
    channel: 'customer' as const,
    reservation_sid: claim.reservation_sid,
    status: 'in-progress' as const,
    paused: false,
    updated_at: '',
    consent: {
      status: 'failed' as const,
      on: 'start' as const,
      at: 'T',
      error_code: 21220,
      recording_stopped: true,
    },
    stopped_by: 'consent_failed' as const,
    stop_seal: TEST_SEALS.stopped(TASK, RECORDING, { reason: 'consent_failed', twilioCode: 21220 }),
  };

  it('a stop seal verifies for its task, recording, reason and consent error code, and for nothing else', () => {
    expect(isSealedStop(TEST_SEALS, TASK, RECORDING, stoppedForConsent)).toBe(true);
    expect(isSealedStop(TEST_SEALS, OTHER_TASK, RECORDING, stoppedForConsent)).toBe(false);
    expect(isSealedStop(TEST_SEALS, TASK, sid('RE', 2), stoppedForConsent)).toBe(false);
    for (const edited of [
      { ...stoppedForConsent, stopped_by: 'last_agent_left' as const },
      { ...stoppedForConsent, consent: { ...stoppedForConsent.consent, error_code: 20404 } },
      { ...stoppedForConsent, stop_seal: undefined },
      { ...stoppedForConsent, stopped_by: undefined },
    ])
      expect(isSealedStop(TEST_SEALS, TASK, RECORDING, edited)).toBe(false);
  });

  it('neither an ended seal nor a stop seal for another reason stands in for a consent stop seal', () => {
    for (const seal of [
      TEST_SEALS.ended(TASK, RECORDING),
      TEST_SEALS.stopped(TASK, RECORDING, { reason: 'last_agent_left' }),
      TEST_SEALS.stopped(TASK, RECORDING, { reason: 'consent_failed' }),
    ])
      expect(isSealedStop(TEST_SEALS, TASK, RECORDING, { ...stoppedForConsent, stop_seal: seal })).toBe(
        false,
      );
    const lastAgent = {
      ...stoppedForConsent,
      stopped_by: 'last_agent_left' as const,
      stop_seal: TEST_SEALS.stopped(TASK, RECORDING, { reason: 'last_agent_left' }),
    };
    expect(isSealedStop(TEST_SEALS, TASK, RECORDING, lastAgent)).toBe(true);
  });
});
