/*
 * Holds the driver's rewrites of unexported Flex code to the installed bundle: what they restate (action
 * types, status and participant-type names, the conference throttle, the recently_left delay) is read
 * from the bundle's own code here, so a Flex version that changes one fails this file first. No Flex
 * page is loaded: the bundle is read as text.
 */
import {
  CHANNEL_STATUSES,
  CONFERENCE_UPDATE_THROTTLE_MS,
  FAILED_TRANSFER_MS,
  FlexActionType,
  INTERACTION_PARTICIPANT_TYPES,
  MULTI_TAB_FALLBACK_MS,
  OUTBOUND_TRANSFER_EVENTS,
  RECENTLY_LEFT_MS,
  SESSION_IDENTIFIER_KEY,
} from '@dual-channel-recording/flex-page/driver';
import { callSnapshot } from 'plugin-dual-channel-recording/src/flex-hooks/flexAdapter';
import {
  bundleHasString,
  clientContactUriPattern,
  bundleMatches,
  conferenceStatuses,
  conferenceThrottleMs,
  interactionParticipantTypes,
  joinCallSteps,
  joinCallTakesNewestLeg,
  multiTabFacts,
  outboundTransferFacts,
  recentlyLeftMs,
  syncConferenceFacts,
} from './harness/bundleFacts';

describe("the driver's rewrites of Flex code, held to the installed bundle", () => {
  it.each(Object.entries(FlexActionType))(
    'action type %s (%s) is one the bundle dispatches',
    (_name, type) => {
      expect(bundleHasString(type)).toBe(true);
    },
  );

  it("conference statuses: the driver's are the bundle's ConferenceStatus", () => {
    expect([...CHANNEL_STATUSES].sort()).toEqual(Object.values(conferenceStatuses()).sort());
  });

  it("participant types: the driver's are the bundle's Interactions types; Flex maps agent to worker", () => {
    expect([...INTERACTION_PARTICIPANT_TYPES].sort()).toEqual(
      Object.values(interactionParticipantTypes()).sort(),
    );
    // ConferenceParticipant's participantType getter, which the driver relies on (it sends `agent`).
    expect(
      bundleMatches(/"participantType",\{get:function\(\)\{[^}]*return"agent"===(\w)\?"worker":\1\}/),
    ).toBe(true);
  });

  it('the conference update throttle is the bundle’s handleConferenceUpdate window', () => {
    expect(CONFERENCE_UPDATE_THROTTLE_MS).toBe(conferenceThrottleMs());
  });

  it('a participant who left stays recently_left as long as the bundle’s triggerDelayedStateUpdate', () => {
    expect(RECENTLY_LEFT_MS).toBe(recentlyLeftMs());
  });

  it("a task transferred out: the driver's transfer participant follows the bundle's outboundTransfer", () => {
    const facts = outboundTransferFacts();
    // The driver sends the SDK task's `transferInitiated` (DrivenCall.transferOut) and the transfer's
    // events (transferEnds); calls.realflex.test.tsx drives the statuses read here and checks the
    // participant Flex's store then holds against `placeholderType`, `initialStatus` and `failedStatus`.
    expect(facts.sdkEvent).toBe('transferInitiated');
    expect([...OUTBOUND_TRANSFER_EVENTS]).toEqual(facts.followedEvents);
    expect(facts.sidFrom).toBe('to');
    expect(FAILED_TRANSFER_MS).toBe(facts.failedMs);
    expect(facts).toMatchObject({
      initialStatus: 'joined',
      dropOn: ['complete', 'canceled'],
      failOn: 'failed',
      failedStatus: 'recently_left',
      placeholderType: 'transfer',
      notConnectingAt: 'recently_left',
    });
  });

  it("multi-tab flag: the driver's session key and 5-second fallback are the bundle's PhoneState", () => {
    const facts = multiTabFacts();
    expect(facts.flag).toBe('flex-multi-tab-support');
    expect(SESSION_IDENTIFIER_KEY).toBe(facts.sessionKey);
    expect(MULTI_TAB_FALLBACK_MS).toBe(facts.fallbackMs);
    // The driver clears its fallback on the call's `cancel` (PhoneFeed.ringsWithMultiTab), as Flex does.
    expect(facts.cancelClearsFallback).toBe(true);
  });

  it('a task without an Interactions voice channel: the bundle falls back to a Sync Map the driver does not feed', () => {
    // README, "A conference fed from Sync": what Flex reads there is written by Twilio, undocumented; the
    // driver feeds the Interactions path only. A Flex version that changes the fallback fails here.
    expect(syncConferenceFacts()).toEqual({
      mapIdSuffix: '.CS',
      statusKey: 'conf_status',
      onlyWithoutVoiceChannel: true,
      participantFields: [
        'conference_sid',
        'connecting',
        'end_conference_on_exit',
        'hold',
        'muted',
        'participant_type',
        'reservation_sid',
        'status',
        'worker_sid',
      ],
    });
  });

  it("Join Call: the bundle's joinCall moves the worker's newest leg to a new agent leg on the reservation", () => {
    // The driver's `joinCall` does these steps on the conference; calls.realflex.test.tsx checks it
    // against this list while it drives one.
    expect(joinCallSteps()).toEqual([
      'setEndConferenceOnExit:old:false',
      'addVoiceParticipant:agent:reservation',
      'setEndConferenceOnExit:new:true',
      'removeVoiceParticipant:old',
    ]);
    expect(joinCallTakesNewestLeg()).toBe(true);
  });

  it.each([
    'client:alice',
    'client:',
    'sip:alice@example.com',
    '+15550100',
    ' client:alice',
    'xclient:alice',
  ])(
    "the plugin's test for a worker who takes calls in the browser is Flex's contact_uri test (%s)",
    (contactUri) => {
      const state = {
        flex: {
          worker: { tasks: new Map(), attributes: { contact_uri: contactUri } },
          conferences: { states: new Map() },
          phone: {},
        },
      };
      const task = { sid: 'WR1', taskSid: 'WT1', attributes: {} } as never;
      expect(callSnapshot(state as never, task).callsInBrowser).toBe(
        clientContactUriPattern().test(contactUri),
      );
    },
  );
});
