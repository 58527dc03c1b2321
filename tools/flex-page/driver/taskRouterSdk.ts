import type * as TaskRouter from 'twilio-taskrouter';

import { Emitter } from './emitter';

/*
 * Hand-built TaskRouter SDK objects (twilio-taskrouter 2.x, the SDK Flex 2.17 runs on). Flex keeps them
 * inside its own classes (`TaskRouterTask`, `TaskRouterWorker`) whose getters read them live, so they must
 * have the SDK's field names and types: the `satisfies`/`implements` checks below hold them to
 * twilio-taskrouter's own `types.d.ts`. Their methods are TaskRouter REST calls; here they resolve and
 * change nothing (the driver sends TaskRouter's answer as events instead).
 */

/** Reservation statuses (twilio-taskrouter `Reservation.status`). */
export type ReservationStatus = TaskRouter.Reservation['status'];
/** Task statuses (twilio-taskrouter `Task.status`). */
export type TaskStatus = TaskRouter.Task['status'];

/** What a test says about a task: these fields of {@link SdkTask}; the rest gets TaskRouter's defaults. */
export type TaskSpec = Readonly<
  Pick<
    SdkTask,
    | 'sid'
    | 'attributes'
    | 'taskChannelUniqueName'
    | 'taskChannelSid'
    | 'queueName'
    | 'queueSid'
    | 'workflowSid'
    | 'workflowName'
  > & {
    /** Flex-initiated outbound calls are routed to the calling worker (`routingTarget` = WK…). */
    routingTarget?: string;
    incomingTransfer?: TaskRouter.IncomingTransfer;
  }
>;

/** A TaskRouter task as the SDK exposes it. */
export class SdkTask extends Emitter {
  readonly sid: string;
  attributes: Record<string, unknown>;
  status: TaskStatus = 'reserved';
  readonly taskChannelUniqueName: string;
  readonly taskChannelSid: string;
  readonly queueName: string;
  readonly queueSid: string;
  readonly workflowSid: string;
  readonly workflowName: string;
  readonly routingTarget: string;
  readonly priority = 0;
  readonly age = 0;
  readonly timeout = 86400;
  readonly reason = '';
  readonly addOns = {};
  readonly version = '0';
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  readonly virtualStartTime = new Date();
  readonly transfers: TaskRouter.Transfers;

  constructor(spec: TaskSpec) {
    super();
    this.sid = spec.sid;
    this.attributes = spec.attributes;
    this.taskChannelUniqueName = spec.taskChannelUniqueName;
    this.taskChannelSid = spec.taskChannelSid;
    this.queueName = spec.queueName;
    this.queueSid = spec.queueSid;
    this.workflowSid = spec.workflowSid;
    this.workflowName = spec.workflowName;
    this.routingTarget = spec.routingTarget ?? '';
    this.transfers = { incoming: spec.incomingTransfer ?? null, outgoing: null };
  }

  /** REST: POST Tasks/{sid} Attributes. Resolves; the driver sends the `updated` event. */
  setAttributes(): Promise<this> {
    return Promise.resolve(this);
  }

  /** REST: Conference participant update (hold, endConferenceOnExit). */
  updateParticipant(): Promise<this> {
    return Promise.resolve(this);
  }

  /** REST: hold another worker's leg. */
  hold(): Promise<this> {
    return Promise.resolve(this);
  }
}

/**
 * The statuses Flex 2.17.1's ConferenceListener `updateOutboundTransfer` switches on. twilio-taskrouter
 * copies `transfer_status` from TaskRouter's event as is; its `types.d.ts` spells the values in capitals,
 * Flex's switch in lower case: the driver sends what Flex reads (the suite reads Flex's case labels from the
 * bundle), which is the case where Flex shows the transfer ending at all.
 */
export type OutgoingTransferStatus = 'initiated' | 'complete' | 'failed' | 'canceled';

/** The task's outgoing transfer as the SDK exposes it (`task.transfers.outgoing`, `transferInitiated`). */
export class SdkOutgoingTransfer extends Emitter {
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  readonly transferFailedReason: string = '';
  status: OutgoingTransferStatus = 'initiated';

  constructor(
    readonly sid: string,
    /** The task this transfer moves (twilio-taskrouter's `taskSid`, which Flex's listener manager reads). */
    readonly taskSid: string,
    readonly reservationSid: string,
    readonly workerSid: string,
    /** The worker (WK…) or queue (WQ…) the task is transferred to. */
    readonly to: string,
    readonly type: 'QUEUE' | 'WORKER',
    readonly mode: 'WARM' | 'COLD',
  ) {
    super();
  }

  /** REST: cancel the transfer. Resolves; the driver sends `canceled`. */
  cancel(): Promise<this> {
    return Promise.resolve(this);
  }
}

/** What every workspace resource of the SDK carries. */
interface WorkspaceResourceFields {
  readonly sid: string;
  readonly accountSid: string;
  readonly workspaceSid: string;
}

/** The SDK's workspace resources: an event emitter with its SIDs. */
class SdkWorkspaceResource extends Emitter implements WorkspaceResourceFields {
  readonly sid: string;
  readonly accountSid: string;
  readonly workspaceSid: string;

  constructor(fields: WorkspaceResourceFields) {
    super();
    this.sid = fields.sid;
    this.accountSid = fields.accountSid;
    this.workspaceSid = fields.workspaceSid;
  }
}

/** A TaskRouter reservation as the SDK exposes it. */
export class SdkReservation extends SdkWorkspaceResource {
  readonly workerSid: string;
  status: ReservationStatus = 'pending';
  readonly task: SdkTask;
  readonly timeout = 120;
  readonly version = '0';
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  /** Twilio's error code when the reservation was canceled (45305 no answer, 45303 busy, ...). */
  canceledReasonCode?: number;

  constructor(fields: WorkspaceResourceFields & { readonly workerSid: string; readonly task: SdkTask }) {
    super(fields);
    this.workerSid = fields.workerSid;
    this.task = fields.task;
  }

  /** REST: the worker's conference participant update (Flex sets endConferenceOnExit). */
  updateParticipant(): Promise<this> {
    return Promise.resolve(this);
  }
}

/** A TaskRouter activity. */
export interface SdkActivity {
  readonly sid: string;
  readonly name: string;
  readonly available: boolean;
  readonly isCurrent: boolean;
  readonly accountSid: string;
  readonly workspaceSid: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
  setAsCurrent(): Promise<SdkActivity>;
}

/** The logged-in worker as the SDK exposes it. */
export class SdkWorker extends SdkWorkspaceResource {
  readonly name: string;
  readonly friendlyName: string;
  readonly attributes: Record<string, unknown>;
  readonly activity: SdkActivity;
  readonly activities: Map<string, SdkActivity>;
  readonly reservations = new Map<string, SdkReservation>();
  readonly channels = new Map<string, never>();
  readonly available = true;
  readonly activitySid: string;
  readonly dateCreated = new Date();
  readonly dateUpdated = new Date();
  readonly dateStatusChanged = new Date();
  readonly dateActivityChanged = new Date();
  readonly version = '0';

  constructor(fields: WorkspaceResourceFields & { readonly identity: string; readonly activitySid: string }) {
    super(fields);
    this.name = fields.identity;
    this.friendlyName = fields.identity;
    // Flex reads contact_uri to know the worker takes calls in this browser ("client:<identity>").
    this.attributes = { contact_uri: `client:${fields.identity}`, full_name: fields.identity };
    this.activitySid = fields.activitySid;
    const activity: SdkActivity = {
      sid: fields.activitySid,
      name: 'Available',
      available: true,
      isCurrent: true,
      accountSid: fields.accountSid,
      workspaceSid: fields.workspaceSid,
      dateCreated: new Date(),
      dateUpdated: new Date(),
      setAsCurrent: () => Promise.resolve(activity),
    };
    this.activity = activity;
    this.activities = new Map([[activity.sid, activity]]);
  }
}

// Compile-time proof that the hand-built objects carry the SDK's fields with the SDK's types.
type DataOf<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };
const _taskFits = (t: SdkTask): Omit<DataOf<TaskRouter.Task>, 'transfers'> => t;
const _reservationFits = (r: SdkReservation): Omit<DataOf<TaskRouter.Reservation>, 'task'> => r;
const _transferFits = (t: SdkOutgoingTransfer): Omit<DataOf<TaskRouter.OutgoingTransfer>, 'status'> => t;
void _taskFits;
void _transferFits;
void _reservationFits;
