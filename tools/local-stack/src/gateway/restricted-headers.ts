import path from 'node:path';

/** A set of header names: exact (lowercase) names and lowercase prefixes. */
export interface HeaderNameSet {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

/**
 * The request headers Twilio documents as never reaching a deployed Function ("Functions → Headers
 * and cookies → Limitations"). A documentation table, so it is written out here; the
 * runtime-handler's own list is read from the package, never copied.
 */
export const DOCUMENTED_RESTRICTED_HEADERS: HeaderNameSet = {
  exact: [
    'connection',
    'proxy-connection',
    'expect',
    'host',
    'proxy-authorization',
    'proxy-authenticate',
    'referer',
    'trailer',
    'transfer-encoding',
    'upgrade',
    'via',
    'x-real-ip',
  ],
  prefixes: ['x-accel-', 'x-forwarded-'],
};

interface RuntimeHandlerChecks {
  restrictedHeaderExactMatches: string[];
  restrictedHeaderPrefixes: string[];
}

/**
 * What `@twilio/runtime-handler` (the package deployed Functions run on) drops in `constructHeaders`:
 * its `checks/restricted-headers` module, found beside the `./dev` entry its exports map allows.
 * It adds Twilio's internal prefixes (`i-twilio-`, `x-amz`, …) to the documented list but not `host`.
 */
export function runtimeHandlerRestrictedHeaders(): HeaderNameSet {
  const devEntry = require.resolve('@twilio/runtime-handler/dev');
  const checks = path.join(path.dirname(devEntry), 'checks', 'restricted-headers.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(checks) as RuntimeHandlerChecks;
  return { exact: module.restrictedHeaderExactMatches, prefixes: module.restrictedHeaderPrefixes };
}

/** Both lists together: every header a deployed Function can never see. */
export function deployedRestrictedHeaders(): HeaderNameSet {
  const runtime = runtimeHandlerRestrictedHeaders();
  const unique = (names: readonly string[]): string[] => [...new Set(names.map((n) => n.toLowerCase()))];
  return {
    exact: unique([...DOCUMENTED_RESTRICTED_HEADERS.exact, ...runtime.exact]),
    prefixes: unique([...DOCUMENTED_RESTRICTED_HEADERS.prefixes, ...runtime.prefixes]),
  };
}

/** True when `name` (any case) is in the set, exactly or by prefix. */
export function isInHeaderSet(set: HeaderNameSet, name: string): boolean {
  const lower = name.toLowerCase();
  return set.exact.includes(lower) || set.prefixes.some((prefix) => lower.startsWith(prefix));
}
