import { FlexActionType } from './actionTypes';
import { Emitter } from './emitter';
import type { DriverStore } from './flexUi';

/**
 * A Voice SDK 2.x `Call` as Flex holds it in `flex.phone.activeCall`: `parameters.CallSid` (this browser's
 * leg), `customParameters`, `isMuted()`, `mute()`, `disconnect()` and its events. Flex's HangupCall action
 * calls `disconnect()`; the real Voice SDK then emits `disconnect`, and so does this one.
 */
export class VoiceCall extends Emitter {
  readonly parameters: Readonly<Record<string, string>>;
  readonly customParameters = new Map<string, string>();
  private muted = false;
  private state: 'pending' | 'open' | 'closed' = 'pending';

  constructor(callSid: string, accountSid: string, from: string, to: string) {
    super();
    this.parameters = { CallSid: callSid, AccountSid: accountSid, From: from, To: to };
  }

  /** `Call.status()`: pending, open or closed. */
  status(): string {
    return this.state;
  }

  /** `Call.isMuted()`. */
  isMuted(): boolean {
    return this.muted;
  }

  /** `Call.mute(shouldMute)`: emits `mute`. */
  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }

  /** `Call.accept()`: emits `accept`. */
  accept(): void {
    this.state = 'open';
    this.emit('accept', this);
  }

  /** Twilio stops ringing this device (another device answered, or the caller hung up): emits `cancel`. */
  cancel(): void {
    if (this.state !== 'pending') return;
    this.state = 'closed';
    this.emit('cancel', this);
  }

  /** `Call.disconnect()`: emits `disconnect` once. */
  disconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('disconnect', this);
  }
}

/** The custom parameter naming the Flex session a call was started from (Flex's `SESSION_IDENTIFIER_KEY`). */
export const SESSION_IDENTIFIER_KEY = 'flex_session_identifier';
/** How long a tab the call does not name waits before it answers (`multiTabFallbackAcceptanceTimer`). */
export const MULTI_TAB_FALLBACK_MS = 5000;

/**
 * Port of Flex's PhoneState listener (`handleDeviceIncoming`, `handleCallAccept`, `handleCallDisconnect`):
 * Flex accepts the worker's incoming call itself, then `PHONE_ADD_CALL` with the Call; on disconnect,
 * `PHONE_REMOVE_CALL`.
 */
export class PhoneFeed {
  /**
   * This page's session identifier (Flex's `getSessionIdentifier()`, a v4 UUID per page load). Random, not
   * counted: each page loads the driver in its own module registry, where a counter would start again.
   */
  readonly sessionIdentifier = `flex-session-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly store: DriverStore) {}

  /**
   * `handleDeviceIncoming` with Flex's multi-tab flag on: a call that names this session (or none) is
   * answered at once; one that names another session is answered after 5 s, unless Twilio cancels it
   * first (another tab answered: the call's `cancel` clears the timer).
   */
  ringsWithMultiTab(call: VoiceCall): void {
    const named = call.customParameters.get(SESSION_IDENTIFIER_KEY);
    if (named === undefined || named === this.sessionIdentifier) {
      this.incoming(call);
      return;
    }
    const fallback = setTimeout(() => this.incoming(call), MULTI_TAB_FALLBACK_MS);
    call.on('cancel', () => clearTimeout(fallback));
  }

  /** TaskRouter's conference instruction rang this browser: Flex accepts the call. */
  incoming(call: VoiceCall): void {
    call.on('accept', () => this.store.dispatch({ type: FlexActionType.phoneAddCall, payload: call }));
    call.on('disconnect', () => this.store.dispatch({ type: FlexActionType.phoneRemoveCall }));
    call.accept();
  }
}
