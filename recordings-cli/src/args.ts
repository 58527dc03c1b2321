/**
 * The command line, parsed once into a typed value (node's util.parseArgs); anything that does not
 * parse is a UsageError naming the option.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';
import { TWILIO_SAMPLE_RATE } from './verify';
import { isSid } from '@dual-channel-recording/contract';

/** Default number of requests (and recordings) in flight at once. */
export const DEFAULT_CONCURRENCY = 4;

/** `download`'s parsed options. */
export interface DownloadOptions {
  command: 'download';
  recordingSids: string[];
  taskSids: string[];
  since: Date | null;
  until: Date | null;
  outDir: string;
  split: boolean;
  /** Also write each recording's transcript with speaker roles (`<RE>.transcript.json`). */
  transcripts: boolean;
  deleteAfter: boolean;
  concurrency: number;
  json: boolean;
  progress: boolean;
  /** Required sample rate in Hz, or null for any. */
  sampleRate: number | null;
  envFile: string | null;
}

/** `audit`'s parsed options. */
export interface AuditOptions {
  command: 'audit';
  since: Date;
  until: Date;
  concurrency: number;
  json: boolean;
  envFile: string | null;
}

/** `access-log`'s parsed options. */
export interface AccessLogOptions {
  command: 'access-log';
  since: Date;
  until: Date;
  recordingSids: string[];
  /** Viewer identities or worker SIDs. */
  viewers: string[];
  json: boolean;
  envFile: string | null;
}

/** `purge`'s parsed options. */
export interface PurgeOptions {
  command: 'purge';
  olderThanDays: number;
  queues: string[];
  dryRun: boolean;
  /** `--export DIR`: a verified copy before each delete. */
  exportDir: string | null;
  json: boolean;
  envFile: string | null;
}

/** `hold`'s parsed options. */
export interface HoldOptions {
  command: 'hold';
  action: 'add' | 'remove' | 'list';
  /** RE… or WT… SIDs (none for `list`). */
  sids: string[];
  json: boolean;
  envFile: string | null;
}

/** `erase`'s parsed options. */
export interface EraseOptions {
  command: 'erase';
  /** E.164. */
  phone: string;
  since: Date | null;
  until: Date | null;
  dryRun: boolean;
  /** Where the report goes (relative to the current folder); null for `erasure-<time>.json`. */
  reportFile: string | null;
  envFile: string | null;
}

/** What the command line asks for. */
export type Command =
  | DownloadOptions
  | AuditOptions
  | AccessLogOptions
  | PurgeOptions
  | HoldOptions
  | EraseOptions
  | { command: 'help' }
  | { command: 'version' };

/** Usage text. */
export const USAGE = `Usage: dual-channel-recordings download [RE...] [--task WT...] [--since T] [--until T] [options]
       dual-channel-recordings audit --since T --until T [--json] [--env-file PATH]
       dual-channel-recordings access-log --since T --until T [--recording RE...] [--viewer ID...] [--json]
       dual-channel-recordings purge --older-than 90d [--queue Q...] [--dry-run] [--export DIR] [--json]
       dual-channel-recordings hold add|remove RE...|WT...   /   hold list [--json]
       dual-channel-recordings erase --phone +15551234567 [--since T] [--until T] [--dry-run] [--report FILE]

Downloads Twilio call recordings as dual-channel WAV, verifies them, optionally splits them per
party and deletes them from Twilio. Credentials come from the environment or a .env file.

Which recordings (at least one kind, combinable):
  RE...                  recording SIDs
  --task WT...           every recording the task's attributes name (repeatable; TWILIO_WORKSPACE_SID)
  --since T, --until T   recordings created in this range (ISO 8601 date or date-time, UTC if no zone)

Options:
  --out DIR              output folder (default: ./recordings)
  --split                also write one mono file per party: <RE>.customer.wav, <RE>.agent.wav
  --transcripts          also write <RE>.transcript.json: the Voice Intelligence transcript's
                         sentences with the speaker's role (customer or agent)
  --delete-after         delete each recording from Twilio once its files are saved and verified
  --concurrency N        requests in flight at once (default ${DEFAULT_CONCURRENCY}, max 32)
  --sample-rate HZ       required sample rate (default ${TWILIO_SAMPLE_RATE}; 0 accepts any)
  --json                 print one JSON document on stdout (no progress output)
  --no-progress          no progress bar / per-recording lines on stderr
  --env-file PATH        read configuration from PATH (default: .env in the current folder, if any)
  -h, --help             this help;  --version  the version

Environment: ACCOUNT_SID + AUTH_TOKEN, or ACCOUNT_SID + API_KEY + API_SECRET; TWILIO_WORKSPACE_SID
(for --task); TWILIO_REGION, TWILIO_EDGE (optional).

Exit codes: 0 all done, 1 some recordings failed (each with a reason), 2 usage, 3 configuration,
4 a task or time range could not be read (or a task names no recording), 130 interrupted.

audit: for every Flex voice task created in the window (TaskRouter's event log, kept 30 days with
attributes; needs TWILIO_WORKSPACE_SID), whether it was recorded, the unrecorded head (connected →
recording) and, for every gap, the reason. Exit codes: 0 every gap has a reason, 1 a gap without
one, 2 usage, 3 configuration, 4 the event log could not be read.

access-log: who played which recording and which recordings were deleted, from the product's own
Sync service (ACCESS_LOG_SYNC_SERVICE_SID), filtered by --recording and --viewer (identity or WK
SID); the hash chain is verified over every month the window touches. Exit codes: 0 chain intact,
1 the chain is broken (an entry edited, deleted or inserted), 2 usage, 3 configuration, 4 the log
could not be read.

purge: deletes this product's recordings older than their retention (retention_by_queue in
ui_attributes, else --older-than), only those Twilio ties to a Flex task (the recording catalog),
never one under legal hold (hold add/remove/list, RE or WT SIDs); every deletion is written to the
access log. Needs TWILIO_WORKSPACE_SID and ACCESS_LOG_SYNC_SERVICE_SID. Exit codes: 0 done, 1 a
deletion failed or was not logged, 2 usage, 3 configuration, 4 Twilio's records could not be read.

erase: deletes the recordings of every call to or from the number (and of the agents' legs Twilio
ties to those calls' tasks), removes their media entries from tasks that still exist, logs each
deletion, and writes a report (calls, recordings, outcomes, the number) to --report (default
erasure-<time>.json, created with mode 600, never overwritten). Exit codes as purge.`;

function parseTime(name: string, value: string | undefined): Date | null {
  if (value === undefined) return null;
  // A bare date or a date-time without a zone is read as UTC, as Twilio's own filters are.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : hasZone ? value : `${value}Z`;
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?/.test(value) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${name} must be an ISO 8601 date or date-time, got "${value}"`);
  return new Date(ms);
}

function parseInteger(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Every option the CLI reads (node:util parseArgs), for all commands. */
const OPTIONS = {
  task: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  out: { type: 'string' },
  split: { type: 'boolean' },
  transcripts: { type: 'boolean' },
  'delete-after': { type: 'boolean' },
  concurrency: { type: 'string' },
  'sample-rate': { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  'env-file': { type: 'string' },
  recording: { type: 'string', multiple: true },
  viewer: { type: 'string', multiple: true },
  'older-than': { type: 'string' },
  queue: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  export: { type: 'string' },
  phone: { type: 'string' },
  report: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Options every command takes, besides its own. */
const COMMON_OPTIONS: readonly string[] = ['json', 'env-file', 'help', 'version'];

/** Parses argv (without node and the script). */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined || command === 'help') return { command: 'help' };
  if (command === 'access-log') return parseAccessLog(values, rest);
  if (command === 'purge') return parsePurge(values, rest);
  if (command === 'hold') return parseHold(values, rest);
  if (command === 'erase') return parseErase(values, rest);
  const eraseOnly = ['phone', 'report'].filter((name) => values[name as 'phone' | 'report'] !== undefined);
  if (eraseOnly.length > 0) throw new UsageError(`only erase takes --${eraseOnly.join(', --')}`);
  const purgeOnly = ['older-than', 'queue', 'dry-run', 'export'].filter(
    (name) => values[name as 'older-than' | 'queue' | 'dry-run' | 'export'] !== undefined,
  );
  if (purgeOnly.length > 0) throw new UsageError(`only purge takes --${purgeOnly.join(', --')}`);
  const logOnly = ['recording', 'viewer'].filter(
    (name) => values[name as 'recording' | 'viewer'] !== undefined,
  );
  if (logOnly.length > 0) throw new UsageError(`only access-log takes --${logOnly.join(', --')}`);
  if (command === 'audit') return parseAudit(values, rest);
  if (command !== 'download')
    throw new UsageError(
      `unknown command "${command}" (try: download, audit, access-log, purge, hold, erase)`,
    );

  const badSids = rest.filter((s) => !isSid(s, 'RE'));
  if (badSids.length > 0)
    throw new UsageError(`not recording SIDs (RE + 32 hex digits): ${badSids.join(', ')}`);
  const taskSids = values.task ?? [];
  const badTasks = taskSids.filter((s) => !isSid(s, 'WT'));
  if (badTasks.length > 0)
    throw new UsageError(`--task needs task SIDs (WT + 32 hex digits): ${badTasks.join(', ')}`);
  const since = parseTime('--since', values.since);
  const until = parseTime('--until', values.until);
  if (since && until && since > until) throw new UsageError('--since must not be after --until');
  if (rest.length === 0 && taskSids.length === 0 && !since && !until)
    throw new UsageError('name recordings: RE... SIDs, --task WT..., or --since/--until');
  const sampleRate = parseInteger('--sample-rate', values['sample-rate'], 0, 384_000);

  return {
    command: 'download',
    recordingSids: [...new Set(rest)],
    taskSids: [...new Set(taskSids)],
    since,
    until,
    outDir: values.out ?? 'recordings',
    split: values.split ?? false,
    transcripts: values.transcripts ?? false,
    deleteAfter: values['delete-after'] ?? false,
    concurrency: parseInteger('--concurrency', values.concurrency, 1, 32) ?? DEFAULT_CONCURRENCY,
    json: values.json ?? false,
    progress: !(values['no-progress'] ?? false) && !(values.json ?? false),
    sampleRate: sampleRate === undefined ? TWILIO_SAMPLE_RATE : sampleRate === 0 ? null : sampleRate,
    envFile: values['env-file'] ?? null,
  };
}

function parseAudit(
  values: {
    since?: string;
    until?: string;
    concurrency?: string;
    json?: boolean;
    'env-file'?: string;
  } & Record<string, unknown>,
  rest: string[],
): AuditOptions {
  if (rest.length > 0) throw new UsageError(`audit takes no positional arguments, got ${rest.join(' ')}`);
  const downloadOnly = ['task', 'out', 'split', 'transcripts', 'delete-after', 'sample-rate'].filter(
    (name) => values[name] !== undefined,
  );
  if (downloadOnly.length > 0) throw new UsageError(`audit does not take --${downloadOnly.join(', --')}`);
  return {
    command: 'audit',
    ...parseWindow('audit', values),
    concurrency: parseInteger('--concurrency', values.concurrency, 1, 32) ?? DEFAULT_CONCURRENCY,
    json: values.json ?? false,
    envFile: values['env-file'] ?? null,
  };
}

/** The window every compliance command takes: both ends, in order. */
function parseWindow(
  command: string,
  values: { since?: string; until?: string },
): { since: Date; until: Date } {
  const since = parseTime('--since', values.since);
  const until = parseTime('--until', values.until);
  if (!since || !until) throw new UsageError(`${command} needs both --since and --until`);
  if (since > until) throw new UsageError('--since must not be after --until');
  return { since, until };
}

function parseAccessLog(
  values: {
    since?: string;
    until?: string;
    recording?: string[];
    viewer?: string[];
    json?: boolean;
    'env-file'?: string;
  } & Record<string, unknown>,
  rest: string[],
): AccessLogOptions {
  if (rest.length > 0)
    throw new UsageError(`access-log takes no positional arguments, got ${rest.join(' ')}`);
  refuseOthers('access-log', values, ['since', 'until', 'recording', 'viewer']);
  const recordingSids = values.recording ?? [];
  const bad = recordingSids.filter((sid) => !isSid(sid, 'RE'));
  if (bad.length > 0)
    throw new UsageError(`--recording needs recording SIDs (RE + 32 hex digits): ${bad.join(', ')}`);
  const viewers = (values.viewer ?? []).map((v) => v.trim());
  if (viewers.some((v) => v === '')) throw new UsageError('--viewer needs an identity or a worker SID (WK…)');
  return {
    command: 'access-log',
    ...parseWindow('access-log', values),
    recordingSids: [...new Set(recordingSids)],
    viewers: [...new Set(viewers)],
    json: values.json ?? false,
    envFile: values['env-file'] ?? null,
  };
}

const MAX_RETENTION_DAYS = 36_500;

/** Refuses the options of other commands: only `allowed` and {@link COMMON_OPTIONS} pass, so a new option is refused wherever it is not named. */
function refuseOthers(name: string, values: Record<string, unknown>, allowed: string[]): void {
  const bad = Object.keys(OPTIONS).filter(
    (option) => !COMMON_OPTIONS.includes(option) && !allowed.includes(option) && values[option] !== undefined,
  );
  if (bad.length > 0) throw new UsageError(`${name} does not take --${bad.join(', --')}`);
}

function parsePurge(values: Record<string, unknown>, rest: string[]): PurgeOptions {
  if (rest.length > 0) throw new UsageError(`purge takes no positional arguments, got ${rest.join(' ')}`);
  refuseOthers('purge', values, ['older-than', 'queue', 'dry-run', 'export']);
  const exportDir = values.export;
  if (exportDir !== undefined && (typeof exportDir !== 'string' || exportDir.trim() === ''))
    throw new UsageError('--export needs a folder');
  const raw = values['older-than'];
  if (typeof raw !== 'string') throw new UsageError('purge needs --older-than, like --older-than 90d');
  const match = /^(\d{1,5})d$/.exec(raw);
  const days = match ? Number(match[1]) : NaN;
  if (!match || days < 1 || days > MAX_RETENTION_DAYS)
    throw new UsageError(`--older-than must be whole days from 1d to ${MAX_RETENTION_DAYS}d, got "${raw}"`);
  const queues = ((values.queue as string[] | undefined) ?? []).map((q) => q.trim());
  if (queues.some((q) => q === '')) throw new UsageError('--queue needs a queue name or WQ SID');
  return {
    command: 'purge',
    olderThanDays: days,
    queues: [...new Set(queues)],
    dryRun: values['dry-run'] === true,
    exportDir: typeof exportDir === 'string' ? exportDir : null,
    json: values.json === true,
    envFile: typeof values['env-file'] === 'string' ? values['env-file'] : null,
  };
}

function parseHold(values: Record<string, unknown>, rest: string[]): HoldOptions {
  refuseOthers('hold', values, []);
  const [action, ...sids] = rest;
  if (action !== 'add' && action !== 'remove' && action !== 'list')
    throw new UsageError('hold needs add, remove or list: hold add RE…|WT…, hold remove RE…|WT…, hold list');
  if (action === 'list' && sids.length > 0) throw new UsageError('hold list takes no SIDs');
  if (action !== 'list' && sids.length === 0)
    throw new UsageError(`hold ${action} needs recording (RE…) or task (WT…) SIDs`);
  const bad = sids.filter((sid) => !isSid(sid, 'RE') && !isSid(sid, 'WT'));
  if (bad.length > 0) throw new UsageError(`not recording (RE…) or task (WT…) SIDs: ${bad.join(', ')}`);
  return {
    command: 'hold',
    action,
    sids: [...new Set(sids)],
    json: values.json === true,
    envFile: typeof values['env-file'] === 'string' ? values['env-file'] : null,
  };
}

// E.164: a plus, a country code not starting with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;

function parseErase(values: Record<string, unknown>, rest: string[]): EraseOptions {
  if (rest.length > 0)
    throw new UsageError(`erase takes no positional arguments, got ${rest.length} (is the number quoted?)`);
  refuseOthers('erase', values, ['phone', 'since', 'until', 'dry-run', 'report']);
  if (values.json !== undefined)
    throw new UsageError('erase does not take --json: its report is the JSON file (--report)');
  const phone = values.phone;
  // The number itself is never echoed: a usage error may end up in a CI log.
  if (typeof phone !== 'string')
    throw new UsageError("erase needs --phone, the caller's number in E.164 (+15551234567)");
  if (!E164.test(phone))
    throw new UsageError(
      '--phone must be a number in E.164: +, country code, number, no spaces (+15551234567)',
    );
  const since = parseTime('--since', values.since as string | undefined);
  const until = parseTime('--until', values.until as string | undefined);
  if (since && until && since > until) throw new UsageError('--since must not be after --until');
  const report = values.report;
  if (report !== undefined && (typeof report !== 'string' || report.trim() === ''))
    throw new UsageError('--report needs a file name');
  return {
    command: 'erase',
    phone,
    since,
    until,
    dryRun: values['dry-run'] === true,
    reportFile: typeof report === 'string' ? report : null,
    envFile: typeof values['env-file'] === 'string' ? values['env-file'] : null,
  };
}
