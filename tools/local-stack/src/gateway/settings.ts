/** How the local gateway behaves; every number defaults to what Twilio publishes for Functions. */
export interface GatewaySettings {
  /** Invocations in flight at once; one more is answered 429 before any Function runs. */
  readonly maxConcurrency: number;
  /** An invocation still running after this long is cut and answered 504. */
  readonly timeoutMs: number;
  /** Largest request body; larger is answered 413. */
  readonly maxRequestBodyBytes: number;
  /** Largest response body a Function may send; larger is answered 502. */
  readonly maxResponseBodyBytes: number;
  /** Largest header section (headers and cookies, as sent), request or response; larger is 431. */
  readonly maxHeaderBytes: number;
  /** Most headers plus cookies, request or response; more is 431. */
  readonly maxHeaderCount: number;
  /** Whether the gateway's own answers (preflight, 4xx/5xx it makes) carry `Access-Control-Allow-Origin: *`. */
  readonly errorCors: boolean;
}

/**
 * Twilio's published limits: 30 concurrent invocations per service, 10 s per execution,
 * 1 MB request, 4 MB response ("Functions and Assets: Limits"), 15 KB and 90 headers including cookies
 * ("Headers and cookies → Limitations"). KB and MB are read as 1024 and 1024² bytes.
 */
export const TWILIO_FUNCTION_LIMITS: GatewaySettings = {
  maxConcurrency: 30,
  timeoutMs: 10_000,
  maxRequestBodyBytes: 1024 * 1024,
  maxResponseBodyBytes: 4 * 1024 * 1024,
  maxHeaderBytes: 15 * 1024,
  maxHeaderCount: 90,
  errorCors: true,
};

/** The environment variable that overrides each setting. */
export const GATEWAY_ENV: Readonly<Record<keyof GatewaySettings, string>> = {
  maxConcurrency: 'GATEWAY_MAX_CONCURRENCY',
  timeoutMs: 'GATEWAY_TIMEOUT_MS',
  maxRequestBodyBytes: 'GATEWAY_MAX_REQUEST_BYTES',
  maxResponseBodyBytes: 'GATEWAY_MAX_RESPONSE_BYTES',
  maxHeaderBytes: 'GATEWAY_MAX_HEADER_BYTES',
  maxHeaderCount: 'GATEWAY_MAX_HEADER_COUNT',
  errorCors: 'GATEWAY_ERROR_CORS',
};

/** The variable that turns the gateway off (`off`); on by default. */
export const GATEWAY_SWITCH_ENV = 'FUNCTIONS_GATEWAY';

/** A setting that did not parse, named by its environment variable. */
export interface SettingProblem {
  readonly setting: string;
  readonly reason: string;
}

/** Settings, or every problem found. */
export type ParsedGatewaySettings =
  { ok: true; settings: GatewaySettings } | { ok: false; problems: SettingProblem[] };

type NumericSetting = Exclude<keyof GatewaySettings, 'errorCors'>;
const NUMERIC: readonly NumericSetting[] = [
  'maxConcurrency',
  'timeoutMs',
  'maxRequestBodyBytes',
  'maxResponseBodyBytes',
  'maxHeaderBytes',
  'maxHeaderCount',
];

/**
 * Reads the settings from the environment over Twilio's limits, then applies `overrides` (tests and
 * benchmarks pass them in code). Each number must be a positive integer; `GATEWAY_ERROR_CORS` is
 * `*` (the default) or `none`.
 */
export function parseGatewaySettings(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<GatewaySettings> = {},
): ParsedGatewaySettings {
  const problems: SettingProblem[] = [];
  const values: { -readonly [K in keyof GatewaySettings]: GatewaySettings[K] } = {
    ...TWILIO_FUNCTION_LIMITS,
  };
  for (const key of NUMERIC) {
    const raw = env[GATEWAY_ENV[key]];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw.trim());
    if (!Number.isSafeInteger(value) || value <= 0)
      problems.push({ setting: GATEWAY_ENV[key], reason: `must be a positive integer, got "${raw}"` });
    else values[key] = value;
  }
  const cors = env[GATEWAY_ENV.errorCors]?.trim();
  if (cors === 'none') values.errorCors = false;
  else if (cors !== undefined && cors !== '' && cors !== '*')
    problems.push({ setting: GATEWAY_ENV.errorCors, reason: `must be "*" or "none", got "${cors}"` });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { ...values, ...overrides } };
}

/** Whether the gateway is on: anything but `off` (or `0`, `false`) in FUNCTIONS_GATEWAY keeps it on. */
export function isGatewayEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[GATEWAY_SWITCH_ENV]?.trim().toLowerCase();
  return !(value === 'off' || value === '0' || value === 'false');
}
