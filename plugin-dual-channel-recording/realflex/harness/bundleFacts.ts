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
