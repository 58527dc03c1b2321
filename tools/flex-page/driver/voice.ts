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

  /** `Call.disconnect()`: emits `disconnect` once. */
  disconnect(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.emit('disconnect', this);
  }
}

/**
 * Port of Flex's PhoneState listener (`handleDeviceIncoming`, `handleCallAccept`, `handleCallDisconnect`):
 * Flex accepts the worker's incoming call itself, then `PHONE_ADD_CALL` with the Call; on disconnect,
 * `PHONE_REMOVE_CALL`.
 */
export class PhoneFeed {
  constructor(private readonly store: DriverStore) {}

  /** TaskRouter's conference instruction rang this browser: Flex accepts the call. */
  incoming(call: VoiceCall): void {
    call.on('accept', () => this.store.dispatch({ type: FlexActionType.phoneAddCall, payload: call }));
    call.on('disconnect', () => this.store.dispatch({ type: FlexActionType.phoneRemoveCall }));
    call.accept();
  }
}
