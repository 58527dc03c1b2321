import { readFileSync } from 'node:fs';

/*
 * Facts read from the installed Flex bundle's own code at test time, so the suite holds the driver and
 * the plugin to the bundle instead of restating it: a Flex version that renames, drops or adds one of
 * these fails here first.
 */

let cached: string | undefined;
/** The compiled Flex UI bundle (`main` of @twilio/flex-ui). */
const source = (): string => (cached ??= readFileSync(require.resolve('@twilio/flex-ui'), 'utf8'));

/**
 * The one TypeScript string enum compiled into the bundle (`!function(e){e.Active="active",…}(x||(x={}))`)
 * that holds every value in `values`; throws when none or several do.
 */
export function bundleEnum(values: readonly string[]): Readonly<Record<string, string>> {
  const bodies = /function\((\w)\)\{((?:\1\.\w+="[^"]*",?)+)\}/g;
  const found = [...source().matchAll(bodies)]
    .map((m) => Object.fromEntries([...(m[2] ?? '').matchAll(/\.(\w+)="([^"]*)"/g)].map((e) => [e[1], e[2]])))
    .filter((members: Record<string, string>) => values.every((v) => Object.values(members).includes(v)));
  if (found.length !== 1)
    throw new Error(`${found.length} enums in the Flex bundle hold ${values.join(', ')}`);
  return found[0] as Record<string, string>;
}

/** Flex's `ConferenceStatus` (the Interactions voice channel's status), as the bundle declares it. */
export const conferenceStatuses = (): Readonly<Record<string, string>> => bundleEnum(['closed', 'failed']);

/** The Interactions participant types Flex decodes (`agent` becomes `worker`), as the bundle declares them. */
export const interactionParticipantTypes = (): Readonly<Record<string, string>> =>
  bundleEnum(['agent', 'customer', 'supervisor']);

/** The body of the bundle function assigned to `name` (`e.name=function(…){…}`), the first 2,000 characters. */
export function bundleFunction(name: string): string {
  const at = source().indexOf(`.${name}=function(`);
  if (at < 0) throw new Error(`no ${name} in the Flex bundle`);
  return source().slice(at, at + 2000);
}

/** Whether the bundle holds `literal` as a JavaScript string ("…"). */
export const bundleHasString = (literal: string): boolean => source().includes(`"${literal}"`);

/** ConferencesState `handleConferenceUpdate`'s throttle window in ms, read from its `setTimeout`. */
export function conferenceThrottleMs(): number {
  const match = /setTimeout\(\(function\(\)\{e\.handleConferenceUpdateImpl\(\)[^}]*\}\),(\d+)\)/.exec(
    bundleFunction('handleConferenceUpdate'),
  );
  if (!match?.[1]) throw new Error('no throttle in handleConferenceUpdate');
  return Number(match[1]);
}

/** How long Flex keeps a participant who left as `recently_left` (`triggerDelayedStateUpdate(…)`). */
export function recentlyLeftMs(): number {
  const match = /"joined"===\w+\.status\)return \w+\.triggerDelayedStateUpdate\(([\de.]+)\)/.exec(source());
  if (!match?.[1]) throw new Error('no triggerDelayedStateUpdate after "joined" in the Flex bundle');
  return Number(match[1]);
}

/** Whether the bundle's code matches `pattern` (for a behaviour too small to have a name). */
export const bundleMatches = (pattern: RegExp): boolean => pattern.test(source());

/**
 * What TaskRouterModel `joinCall` (Flex's Join Call) asks Twilio for on success, in order, read from its
 * compiled body: `setEndConferenceOnExit:old:false`, `addVoiceParticipant:<type>:<reservation>`,
 * `setEndConferenceOnExit:new:true`, `removeVoiceParticipant:old` ("old" is the worker's newest joined leg,
 * "new" the added participant).
 */
export function joinCallSteps(): string[] {
  const at = source().indexOf('this.joinCall=function(');
  const end = source().indexOf('this.endConference=function(', at);
  if (at < 0 || end < 0) throw new Error('no TaskRouterModel joinCall in the Flex bundle');
  const body = source().slice(at, end);
  const success = body.slice(0, body.indexOf('Promise.resolve(null)'));
  const added = /(\w+)=\w+\.pendingParticipantResponse/.exec(success)?.[1];
  const who = (variable: string | undefined): string => (variable === added ? 'new' : 'old');
  const step =
    /setEndConferenceOnExit\((\w+)\.(?:participantSid|sid),!([01])\)|addVoiceParticipant\(.*?type:\w+\.ParticipantType\.(\w+),routingProperties:\{[^}]*reservationSid:this\.(_reservation)\.sid|removeVoiceParticipant\([^,]+,(\w+)\.participantSid\)/g;
  return [...success.matchAll(step)].map((m) => {
    if (m[1]) return `setEndConferenceOnExit:${who(m[1])}:${m[2] === '0'}`;
    if (m[3])
      return `addVoiceParticipant:${m[3].toLowerCase()}:${m[4] === '_reservation' ? 'reservation' : '?'}`;
    return `removeVoiceParticipant:${who(m[5])}`;
  });
}

/** Whether `joinCall` takes the worker's newest joined leg (sorted by sequenceNumber, newest first). */
export const joinCallTakesNewestLeg = (): boolean =>
  /this\.joinCall=function\(.{0,800}"joined"===\w+\.status\}\)\)\.sort\(\(function\((\w),(\w)\)\{var \w+,\w+;return\(\(null===\(\w+=\2\.mediaProperties\)[^)]*\?void 0:\w+\.sequenceNumber\)\|\|0\)-\(\(null===\(\w+=\1\.mediaProperties/.test(
    source(),
  );

/**
 * The pattern Flex tests a worker's `contact_uri` with before it counts on a browser call, read from
 * `isWorkerInCallFromAnotherDevice` (what shows Join Call): `/^client:/` in 2.17.1.
 */
export function clientContactUriPattern(): RegExp {
  const match = /if\(!(\/[^/]+\/)\.test\((\w+)\)\)return!1/.exec(
    bundleFunction('isWorkerInCallFromAnotherDevice'),
  );
  if (!match?.[1]) throw new Error('no contact_uri test in isWorkerInCallFromAnotherDevice');
  return new RegExp(match[1].slice(1, -1));
}

/** What Flex's ConferenceListener does with a task transferred out (`outboundTransfer`), read from the bundle. */
export interface OutboundTransferFacts {
  /** The SDK task event the worker listener hands to `ConferenceListenerManager.initOutboundTransfer`. */
  readonly sdkEvent: string;
  /** The SDK transfer events the listener follows (`initOutgoingTransferListeners`). */
  readonly followedEvents: string[];
  /** The transfer field that becomes the placeholder's `workerSid` (`to`), and its first status. */
  readonly sidFrom: string;
  readonly initialStatus: string;
  /** Statuses that drop the placeholder at once. */
  readonly dropOn: string[];
  /** The status that shows it as `failedStatus` for `failedMs`, then drops it. */
  readonly failOn: string;
  readonly failedStatus: string;
  readonly failedMs: number;
  /** The made-up participant's type, and the status at which it stops `connecting`. */
  readonly placeholderType: string;
  readonly notConnectingAt: string;
}

/** Reads {@link OutboundTransferFacts} from the bundle; throws when a piece is not where 2.17.1 has it. */
export function outboundTransferFacts(): OutboundTransferFacts {
  const text = source();
  const need = (m: RegExpExecArray | null, what: string): RegExpExecArray => {
    if (!m) throw new Error(`no ${what} in the Flex bundle`);
    return m;
  };
  const sdk = need(
    /var \w="(\w+)",\w=function\(\w\)\{\w\.handleTaskUpdated\("updated",\w\),\w+\.ConferenceListenerManager\.initOutboundTransfer\(\w\)\}/.exec(
      text,
    ),
    'transferInitiated listener',
  );
  const init = need(
    /\.initOutboundTransfer=function\((\w)\)\{this\.outboundTransfer=\{sid:\1\.(\w+),status:"(\w+)",source:\1\}/.exec(
      text,
    ),
    'ConferenceListener initOutboundTransfer',
  );
  const update = need(
    /((?:case"\w+":)+)\w\.stopOutgoingTransferListeners\(\),\w\.outboundTransfer=void 0;break;case"(\w+)":\w\.failedTransferRemoveTimer=window\.setTimeout\(\(function\(\)\{\w\.updateOutboundTransfer\(\{status:"\w+"\}\),\w\.failedTransferRemoveTimer=0\}\),([\de.]+)\),\w\.outboundTransfer\.status="(\w+)"/.exec(
      bundleFunction('updateOutboundTransfer'),
    ),
    'updateOutboundTransfer switch',
  );
  const followAt = text.indexOf('.initOutgoingTransferListeners=function(');
  const follow = text.slice(followAt, text.indexOf('}', followAt));
  const placeholder = need(
    /type:"(\w+)",routingProperties:\{reservationSid:(\w)\.task\.sid,workerSid:\2\.outboundTransfer\.sid\},mediaProperties:\{status:\2\.outboundTransfer\.status\},connecting:"(\w+)"!==\2\.outboundTransfer\.status\}/.exec(
      text,
    ),
    'outbound transfer participant in handleConferenceUpdateImpl',
  );
  return {
    sdkEvent: sdk[1] ?? '',
    followedEvents: [...follow.matchAll(/addListener\("(\w+)"/g)].map((m) => m[1] ?? ''),
    sidFrom: init[2] ?? '',
    initialStatus: init[3] ?? '',
    dropOn: [...(update[1] ?? '').matchAll(/case"(\w+)"/g)].map((m) => m[1] ?? ''),
    failOn: update[2] ?? '',
    failedMs: Number(update[3]),
    failedStatus: update[4] ?? '',
    placeholderType: placeholder[1] ?? '',
    notConnectingAt: placeholder[3] ?? '',
  };
}

/** What Flex's PhoneState does with an incoming call under the multi-tab flag, read from the bundle. */
export interface MultiTabFacts {
  /** The flag's name (`FeatureFlag.FlexMultiTabSupport`). */
  readonly flag: string;
  /** The custom parameter naming the session the call was started from (`SESSION_IDENTIFIER_KEY`). */
  readonly sessionKey: string;
  /** How long a tab the call does not name waits before it answers. */
  readonly fallbackMs: number;
  /** Whether the call's `cancel` clears that wait (another tab answered). */
  readonly cancelClearsFallback: boolean;
}

/** Reads {@link MultiTabFacts} from the bundle; throws when a piece is not where 2.17.1 has it. */
export function multiTabFacts(): MultiTabFacts {
  const text = source();
  const flag = /FlexMultiTabSupport="([^"]+)"/.exec(text)?.[1];
  const sessionKey = /\.SESSION_IDENTIFIER_KEY="([^"]+)"/.exec(text)?.[1];
  const fallback =
    /\.get\(\w+\.SESSION_IDENTIFIER_KEY\)===\(0,\w+\.getSessionIdentifier\)\(\)\?\w\(\):\(\w+\.multiTabFallbackAcceptanceTimer=setTimeout\(\(function\(\)\{\w\(\),[^}]*\}\),([\de.]+)\)/.exec(
      text,
    )?.[1];
  if (!flag || !sessionKey || !fallback) throw new Error('no multi-tab acceptance in the Flex bundle');
  return {
    flag,
    sessionKey,
    fallbackMs: Number(fallback),
    cancelClearsFallback:
      /multiTabFallbackAcceptanceTimer&&\(clearTimeout\(\w+\.multiTabFallbackAcceptanceTimer\),\w+\.multiTabFallbackAcceptanceTimer=void 0\),\w+\.AzureVDI\.sendTelemetryEvents\(\{segmentTopic:\w+\.FLEX_GENERAL_TELEMETRY_EVENTS\.CALL_CANCELLED\}\)/.test(
        text,
      ),
  };
}

/** Flex's Sync fallback for a task's conference (ConferenceListener `initialize`), read from the bundle. */
export interface SyncConferenceFacts {
  /** The Sync Map Flex opens through `insightsClient`: the task SID followed by this suffix. */
  readonly mapIdSuffix: string;
  /** The map item holding the conference's `status` and `conference_sid`. */
  readonly statusKey: string;
  /** Whether the fallback runs only when `getChannels` gave no voice channel (`this.channel` unset). */
  readonly onlyWithoutVoiceChannel: boolean;
  /** The `data` fields of a participant item `decodeSyncParticipant` reads (the item key is the call SID). */
  readonly participantFields: string[];
}

/** Reads {@link SyncConferenceFacts} from the bundle; throws when a piece is not where 2.17.1 has it. */
export function syncConferenceFacts(): SyncConferenceFacts {
  const text = source();
  const fallback =
    /case 5:return this\.channel\?\[3,8\]:\(\w=this,\[4,null===\(\w=\w+\.FlexModule\.insightsClient\)\|\|void 0===\w\?void 0:\w\.map\(\{id:""\.concat\(\w,"([^"]+)"\),mode:"open_existing"\}\)[\s\S]{0,700}?items\.find\(\(function\(\w\)\{return"(\w+)"===\w\.key\}\)\)/.exec(
      text,
    );
  const exported = /\.decodeSyncParticipant=(\w+);/.exec(text);
  // The decoder is a function of the same webpack module, declared after its export line.
  const decoderAt =
    exported?.[1] !== undefined ? text.indexOf(`function ${exported[1]}(e,t){`, exported.index) : -1;
  if (!fallback?.[1] || !fallback[2] || decoderAt < 0)
    throw new Error('no Sync conference fallback in the Flex bundle');
  const decoder = text.slice(decoderAt, text.indexOf('}}', decoderAt) + 2);
  const fields = [...decoder.matchAll(/\w\.data\)\|\|void 0===\w\?void 0:\w\.(\w+)/g)].map((m) => m[1] ?? '');
  return {
    mapIdSuffix: fallback[1],
    statusKey: fallback[2],
    onlyWithoutVoiceChannel: true,
    participantFields: [...new Set(fields)].sort(),
  };
}
