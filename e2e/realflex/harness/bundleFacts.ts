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
