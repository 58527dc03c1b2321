import { SdkReservation, SdkTask, VoiceCall } from '../../../driver';

/**
 * The TaskRouter and Voice requests the agent's clicks make, sent to the local Twilio sandbox through the
 * page server (`/api`). On Twilio these are REST calls of the TaskRouter SDK and the Voice SDK's signalling;
 * Twilio answers with events, which reach the page as sandbox changes (see sandboxMirror.ts).
 */
export interface TwilioRequests {
  /** Accept the reservation (TaskRouter's conference instruction: the agent's leg joins). */
  accept(reservationSid: string): Promise<void>;
  /** Complete the reservation (and the task once nobody holds it). */
  complete(reservationSid: string): Promise<void>;
  /** Transfer the task to another agent (by identity, the page server's name for them). */
  transfer(taskSid: string, toAgent: string): Promise<void>;
  /** This browser's call leg ended (the agent hung up). */
  hangUp(reservationSid: string): Promise<void>;
}

type ReservationFields = ConstructorParameters<typeof SdkReservation>[0];
type TaskFields = ConstructorParameters<typeof SdkTask>[0];

/** The driver's SDK reservation whose REST methods reach the sandbox. */
export class PageReservation extends SdkReservation {
  constructor(
    fields: ReservationFields,
    private readonly requests: TwilioRequests,
  ) {
    super(fields);
  }

  /** `Reservation.conference(options)`: what Flex's AcceptTask asks TaskRouter for a call. */
  async conference(_options?: unknown): Promise<this> {
    await this.requests.accept(this.sid);
    return this;
  }

  /** `Reservation.complete()`. */
  async complete(): Promise<this> {
    await this.requests.complete(this.sid);
    return this;
  }
}

/** The driver's SDK task whose transfer reaches the sandbox. */
export class PageTask extends SdkTask {
  constructor(
    spec: TaskFields,
    private readonly requests: TwilioRequests,
  ) {
    super(spec);
  }

  /** `Task.transfer(to, options)`: a warm transfer to another agent. */
  async transfer(to: string): Promise<this> {
    await this.requests.transfer(this.sid, to);
    return this;
  }
}

/**
 * This browser's Voice SDK call. Flex's HangupCall calls `disconnect()`: the call closes here at once (the
 * SDK's `disconnect` event) and Twilio is told the leg ended. `ended()` is Twilio ending it (the
 * conference ended, the other side hung up): the event only.
 */
export class PageVoiceCall extends VoiceCall {
  constructor(
    callSid: string,
    accountSid: string,
    from: string,
    to: string,
    private readonly reservationSid: string,
    private readonly requests: TwilioRequests,
  ) {
    super(callSid, accountSid, from, to);
  }

  /** `Call.disconnect()`, as Flex's HangupCall invokes it. */
  override disconnect(): void {
    if (this.status() === 'closed') return;
    super.disconnect();
    // The SDK does not wait for Twilio either; a failure is the page's to show, not Flex's.
    void this.requests.hangUp(this.reservationSid).catch((error: unknown) => {
      console.error('[flex page] the hang-up did not reach the sandbox', error);
    });
  }

  /** Twilio ended this leg. */
  ended(): void {
    super.disconnect();
  }
}
