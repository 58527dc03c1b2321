import { FlexActionType } from './actionTypes';
import type { DriverStore, FlexUi } from './flexUi';
import type { DecodedParticipant, ParticipantEventPayload, VoiceChannel } from './interactions';
import { decodeParticipantEvent, decodeRestParticipant } from './interactions';
import type { SdkOutgoingTransfer } from './taskRouterSdk';

/*
 * The conference edge of Flex UI 2.17.1, ported from the bundle because Flex does not export it and it
 * needs Twilio's websockets:
 * - `ConferenceListener` (one per task): REST reads of the Interactions API (getChannels, getParticipants),
 *   then the TaskRouter SDK's participant events;
 * - `ConferencesState.Actions.handleConferenceUpdate` / `handleConferenceUpdateImpl`: a 500 ms throttle,
 *   supervisors filtered out, a participant that just left kept as `recently_left` for 5 s, then one
 *   `CONFERENCE_MULTIPLE_UPDATE` with a Set of `Conference` objects keyed by task SID;
 * - `ConferenceListenerManager`: starts a listener when a call reservation is accepted (or on load);
 * - the listener's `outboundTransfer` (`initOutboundTransfer`, `updateOutboundTransfer`): while this task
 *   is transferred out, `handleConferenceUpdateImpl` adds a participant of type `transfer` that Flex makes
 *   up itself (no Interactions participant stands behind it).
 * Participants are Flex's own exported `ConferenceParticipant` class; `Conference` mirrors Flex's class
 * (not exported) field for field.
 */

/** Flex's conference throttle (ConferencesState `handleConferenceUpdate`). */
export const CONFERENCE_UPDATE_THROTTLE_MS = 500;
/** How long Flex shows a participant who left as `recently_left` (`triggerDelayedStateUpdate(5e3)`). */
export const RECENTLY_LEFT_MS = 5000;

type FlexParticipant = InstanceType<FlexUi['ConferenceParticipant']>;
/** What Flex's ConferenceParticipant wraps (flex-ui's internal `ParticipantBase<VoiceProperties>`). */
type ParticipantSource = ConstructorParameters<FlexUi['ConferenceParticipant']>[0];

/** Flex's `Conference` (module `Conference` in the bundle): sid is the task SID (WT…). */
export class Conference {
  participants: FlexParticipant[] = [];
  source: ConferenceListener | undefined;

  constructor(
    readonly sid: string,
    readonly status: string,
    readonly conferenceSid: string,
    private readonly currentWorkerSid: () => string | undefined,
  ) {}

  /** Joined participants other than transfer placeholders, counting this worker once. */
  get liveParticipantCount(): number {
    const live = this.participants.filter((p) => p.status === 'joined' && p.participantType !== 'transfer');
    const me = this.currentWorkerSid();
    const mine = live.filter((p) => me !== undefined && p.workerSid === me).length;
    return mine > 1 ? live.length - (mine - 1) : live.length;
  }

  /** Joined workers. */
  get liveWorkers(): FlexParticipant[] {
    return this.participants.filter((p) => p.status === 'joined' && p.participantType === 'worker');
  }

  /** Number of joined workers. */
  get liveWorkerCount(): number {
    return this.liveWorkers.length;
  }
}

/** How long Flex shows a failed outgoing transfer as `recently_left` (`failedTransferRemoveTimer`). */
export const FAILED_TRANSFER_MS = 5000;

/** Flex's `outboundTransfer` of a ConferenceListener: `sid` is where the task goes (`to`). */
interface OutboundTransfer {
  readonly sid: string;
  status: 'joined' | 'recently_left';
  readonly source: SdkOutgoingTransfer;
}

/** The SDK transfer events Flex's listener follows (`initOutgoingTransferListeners`). */
export const OUTBOUND_TRANSFER_EVENTS = ['attemptFailed', 'completed', 'failed', 'canceled'] as const;

/** Port of Flex's ConferenceListener for one task (TaskRouter data source). */
export class ConferenceListener {
  channel: { sid: string; status: string; mediaSid: string; type: 'voice' } | undefined;
  channelParticipants: DecodedParticipant[] = [];
  /** Flex's `outboundTransfer`: set by `initOutboundTransfer`, cleared when the transfer ends. */
  outboundTransfer: OutboundTransfer | undefined;
  private failedTransferTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  private stopped = false;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    readonly sid: string,
    /** The reservation the listener was started for (Flex's `this.task.sid`). */
    readonly reservationSid: string,
    private readonly voiceChannel: VoiceChannel,
    private readonly onUpdated: (listener: ConferenceListener) => void,
    private readonly restLatencyMs: number,
  ) {}

  /** `initialize`: two REST reads (channels, then participants), then events, then the first update. */
  async start(): Promise<void> {
    await this.delay(this.restLatencyMs); // flex-sdk getChannels
    if (this.stopped) return;
    const channel = this.voiceChannel;
    this.channel = {
      sid: channel.sid,
      status: channel.status,
      mediaSid: channel.conferenceSid,
      type: 'voice',
    };
    await this.delay(this.restLatencyMs); // flex-sdk getParticipants
    if (this.stopped) return;
    this.channelParticipants = channel.restParticipants().map(decodeRestParticipant);
    this.follow('participantAdded', (p) => {
      const at = this.indexOf(p);
      if (at > -1) this.channelParticipants[at] = p;
      else this.channelParticipants.push(p);
    });
    this.follow('participantModified', (p) => {
      const at = this.indexOf(p);
      // Flex writes index -1 for an unknown participant, which no reader sees; skipping is the same.
      if (at > -1) this.channelParticipants[at] = p;
    });
    this.follow('participantRemoved', (p) => {
      p.mediaProperties.status = 'left';
      const at = this.indexOf(p);
      if (at > -1) this.channelParticipants[at] = p;
    });
    this.emitUpdate();
  }

  /** Stops following (the reservation ended); pending delayed updates are dropped. */
  stop(): void {
    this.stopped = true;
    this.unsubscribers.forEach((unsubscribe) => unsubscribe());
    this.timers.forEach((timer) => clearTimeout(timer));
    this.followTransfer(false);
    if (this.failedTransferTimer !== undefined) clearTimeout(this.failedTransferTimer);
  }

  /** `initOutboundTransfer`: the task is being transferred to `to`; Flex shows it as a joined participant. */
  initOutboundTransfer(transfer: SdkOutgoingTransfer): void {
    this.outboundTransfer = { sid: transfer.to, status: 'joined', source: transfer };
    this.followTransfer(true);
    this.emitUpdate();
  }

  /**
   * `updateOutboundTransfer` (the SDK transfer's events): `complete` or `canceled` drops the placeholder,
   * `failed` shows it `recently_left` for 5 s and then drops it; any other status only re-runs the update.
   */
  readonly updateOutboundTransfer = (transfer: { status: string }): void => {
    const current = this.outboundTransfer;
    if (!current) return;
    switch (transfer.status) {
      case 'complete':
      case 'canceled':
        this.followTransfer(false);
        this.outboundTransfer = undefined;
        break;
      case 'failed':
        this.failedTransferTimer = setTimeout(() => {
          this.updateOutboundTransfer({ status: 'complete' });
          this.failedTransferTimer = undefined;
        }, FAILED_TRANSFER_MS);
        current.status = 'recently_left';
        break;
    }
    this.emitUpdate();
  };

  private followTransfer(on: boolean): void {
    const source = this.outboundTransfer?.source;
    if (!source) return;
    OUTBOUND_TRANSFER_EVENTS.forEach((event) =>
      on
        ? source.addListener(event, this.updateOutboundTransfer)
        : source.removeListener(event, this.updateOutboundTransfer),
    );
  }

  /** `triggerDelayedStateUpdate`: re-run the state update later (ends a `recently_left`). */
  triggerDelayedStateUpdate(ms: number): void {
    this.timers.push(setTimeout(() => this.emitUpdate(), ms));
  }

  private emitUpdate(): void {
    if (!this.stopped) this.onUpdated(this);
  }

  private follow(event: string, apply: (participant: DecodedParticipant) => void): void {
    const listener = (payload: ParticipantEventPayload): void => {
      apply(decodeParticipantEvent(payload));
      this.emitUpdate();
    };
    this.voiceChannel.on(event, listener);
    this.unsubscribers.push(() => this.voiceChannel.removeListener(event, listener));
  }

  private indexOf(p: DecodedParticipant): number {
    return this.channelParticipants.findIndex((q) => q.participantSid === p.participantSid);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push(setTimeout(resolve, ms)));
  }
}

/** Port of ConferencesState's throttled `handleConferenceUpdate` and its `handleConferenceUpdateImpl`. */
export class ConferenceStateUpdater {
  private calls = new Set<ConferenceListener>();
  private throttle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flex: FlexUi,
    private readonly store: DriverStore,
  ) {}

  /** First update at once, then at most one per 500 ms window (Flex's throttle, shared by all tasks). */
  readonly handle = (listener: ConferenceListener): void => {
    if (this.throttle !== undefined) {
      this.calls.add(listener);
      return;
    }
    this.calls = new Set([listener]);
    this.apply();
    this.calls = new Set();
    this.throttle = setTimeout(() => {
      this.apply();
      this.throttle = undefined;
    }, CONFERENCE_UPDATE_THROTTLE_MS);
  };

  /** Stops the pending throttle window (end of a session). */
  dispose(): void {
    if (this.throttle !== undefined) clearTimeout(this.throttle);
    this.throttle = undefined;
  }

  private apply(): void {
    if (this.calls.size === 0) return;
    const { ConferenceParticipant } = this.flex;
    const state = this.store.getState().flex;
    const currentWorkerSid = (): string | undefined => this.store.getState().flex.worker.worker?.sid;
    const conferences = new Set<Conference>();
    this.calls.forEach((listener) => {
      if (!listener.channel) return;
      const conference = new Conference(
        listener.sid,
        listener.channel.status,
        listener.channel.mediaSid,
        currentWorkerSid,
      );
      conference.participants.push(
        ...listener.channelParticipants
          // The decoders above produce Flex's shape; the type is internal to flex-ui's d.ts.
          .map((p) => new ConferenceParticipant(p as ParticipantSource))
          .filter((p) => p.participantType !== 'supervisor'),
      );
      const transfer = listener.outboundTransfer;
      if (transfer) {
        // Flex's made-up participant for the outgoing transfer, field for field.
        const placeholder = {
          channelSid: listener.channel.sid,
          type: 'transfer',
          routingProperties: { reservationSid: listener.reservationSid, workerSid: transfer.sid },
          mediaProperties: { status: transfer.status },
          connecting: transfer.status !== 'recently_left',
        };
        conference.participants.push(new ConferenceParticipant(placeholder as unknown as ParticipantSource));
      }
      // One entry per uniqueId: a participant who left is kept only when nobody with its id is still in.
      const kept: FlexParticipant[] = [];
      conference.participants.forEach((p) => {
        if (p.status !== 'left') kept.push(p);
        else if (
          !kept.some((k) => k.uniqueId === p.uniqueId) &&
          !conference.participants.some((q) => q.uniqueId === p.uniqueId && q.status !== 'left')
        ) {
          kept.push(p);
        }
      });
      conference.participants = kept;
      const previous = state.conferences.states.get(listener.sid)?.source as Conference | undefined;
      if (previous) {
        conference.participants = conference.participants.map((p) => {
          if (p.status !== 'left') return p;
          const before = previous.participants.find((q) => q.uniqueId === p.uniqueId);
          if (!before) return p;
          if (before.status === 'joined') {
            listener.triggerDelayedStateUpdate(RECENTLY_LEFT_MS);
            return new ConferenceParticipant(p.source, Date.now());
          }
          const leftAt = before.participantLeftTimestamp;
          return leftAt !== undefined && Date.now() - leftAt < RECENTLY_LEFT_MS ? before : p;
        });
      }
      conference.source = listener;
      conferences.add(conference);
    });
    this.store.dispatch({ type: FlexActionType.conferenceMultipleUpdate, payload: { conferences } });
  }
}

/** Port of ConferenceListenerManager: one listener per task, started and stopped by the worker feed. */
export class ConferenceListeners {
  private readonly listeners = new Map<string, { listener: ConferenceListener; consumers: Set<string> }>();

  constructor(
    private readonly updater: ConferenceStateUpdater,
    private readonly restLatencyMs: () => number,
  ) {}

  /** `startListening(task, "worker" + reservationSid)`; a new consumer restarts the listener, as in Flex. */
  startListening(taskSid: string, reservationSid: string, channel: VoiceChannel): void {
    const consumer = `worker${reservationSid}`;
    const existing = this.listeners.get(taskSid);
    if (existing?.consumers.has(consumer)) return;
    existing?.listener.stop();
    const listener = new ConferenceListener(
      taskSid,
      reservationSid,
      channel,
      this.updater.handle,
      this.restLatencyMs(),
    );
    this.listeners.set(taskSid, { listener, consumers: new Set([...(existing?.consumers ?? []), consumer]) });
    void listener.start();
  }

  /** `stopListening(taskSid, consumer)`: the last consumer stops the listener (the state entry stays). */
  stopListening(taskSid: string, consumer: string): void {
    const entry = this.listeners.get(taskSid);
    if (!entry) return;
    entry.consumers.delete(consumer);
    if (entry.consumers.size > 0) return;
    entry.listener.stop();
    this.listeners.delete(taskSid);
  }

  /** `initOutboundTransfer({ taskSid, to })`: hands the transfer to the task's listener, if one runs. */
  initOutboundTransfer(transfer: SdkOutgoingTransfer): void {
    this.listeners.get(transfer.taskSid)?.listener.initOutboundTransfer(transfer);
  }

  /** Stops every listener (end of a session). */
  dispose(): void {
    this.listeners.forEach(({ listener }) => listener.stop());
    this.listeners.clear();
  }
}
