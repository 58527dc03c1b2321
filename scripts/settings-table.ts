/**
 * The one settings table of docs/admin-guide.md, generated from the parsers: the Functions'
 * environment (dual-channel-rec-serverless/src/config) and `ui_attributes.dual_channel_recording`
 * (the plugin's parser and the contract's). Each setting's type and description sit beside its parser
 * (`*SETTING_DOCS`); its default is what the parser makes of an absent setting. The list of
 * `ui_attributes` keys is the one the plugin's parser accepts, so a key it accepts with no description
 * (or a description of a key it refuses) stops the generator and fails scripts/settings-table.test.ts.
 *
 * Rewrite the table: `npm run docs:settings` (node scripts/run-ts.js scripts/settings-table.ts).
 */
import fs from 'fs';
import path from 'path';
import type { SettingDoc } from '@dual-channel-recording/contract';
import {
  COMPLIANCE_SETTING_DOCS,
  EXCLUSION_SETTING_DOCS,
  parseComplianceSettings,
  parseExclusionSettings,
  parseVoiceIntelligenceSettings,
  UI_ATTRIBUTES_KEY,
  VOICE_INTELLIGENCE_SETTING_DOCS,
} from '@dual-channel-recording/contract';
import { parseConfig as parseFunctionsConfig } from 'dual-channel-rec-serverless/config';
import { ENV_SETTING_DOCS } from 'dual-channel-rec-serverless/config/setting-docs';
import { parseConfig as parsePluginConfig } from 'plugin-dual-channel-recording/src/config/parseConfig';
import { PLUGIN_SETTING_DOCS } from 'plugin-dual-channel-recording/src/config/settingDocs';

/** The admin guide, whose table this script owns. */
export const ADMIN_GUIDE = path.resolve(__dirname, '..', 'docs', 'admin-guide.md');

/** The markers around the generated table in the admin guide. */
export const TABLE_START =
  '<!-- settings-table: generated from the parsers by `npm run docs:settings`; do not edit by hand -->';
export const TABLE_END = '<!-- settings-table end -->';

const HEADER = ['setting', 'set in', 'type or values', 'default', 'what it does'];

// A minimal valid environment: what parseConfig makes of everything else is each default.
const MINIMAL_ENV = {
  ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  AUTH_TOKEN: '0'.repeat(32),
  TWILIO_WORKSPACE_SID: `WS${'0'.repeat(32)}`,
};

function parsedOrThrow<T extends { ok: boolean }>(what: string, result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`${what} refuses its defaults: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/** A value as the table shows it: code, JSON for lists and objects. */
function show(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(empty)' : `\`${value}\``;
  const json = JSON.stringify(value)
    .replace(/,(?=["[{\w])/g, ', ')
    .replace(/":/g, '": ')
    .replace(/^\{(.+)\}$/, '{ $1 }');
  return `\`${json}\``;
}

function defaultOf<Parsed>(doc: SettingDoc<Parsed>, parsed: Parsed): string {
  return typeof doc.default === 'string' ? doc.default : show(doc.default(parsed));
}

/**
 * The `ui_attributes.dual_channel_recording` keys the plugin's parser accepts, in its order: read from
 * the problem it names for a key it does not know ("… known settings are a, b, c").
 */
export function acceptedUiKeys(): string[] {
  const result = parsePluginConfig({ '?': true }, {});
  const named = result.problems.map((p) => /known settings are (.+)$/.exec(p.message)?.[1]).find(Boolean);
  if (named === undefined) throw new Error("the plugin's parser no longer names its known settings");
  return named.split(',').map((key) => key.trim());
}

/** The table's rows (header first), each a list of cells, from the parsers and their descriptions. */
export function settingsRows(): string[][] {
  const functionsConfig = parsedOrThrow('the Functions parser', parseFunctionsConfig(MINIMAL_ENV)).config;
  const pluginConfig = parsedOrThrow(
    "the plugin's parser",
    parsePluginConfig({ serverless_domain: 'example.twil.io' }, {}),
  ).config;
  const ui = { [UI_ATTRIBUTES_KEY]: {} };
  const exclusions = parsedOrThrow('the exclusions parser', parseExclusionSettings(ui)).settings;
  const compliance = parsedOrThrow('the compliance parser', parseComplianceSettings(ui)).settings;
  const voiceIntelligence = parsedOrThrow(
    'the Voice Intelligence parser',
    parseVoiceIntelligenceSettings(ui),
  );

  const rows: string[][] = [HEADER];
  for (const [name, doc] of Object.entries(ENV_SETTING_DOCS) as [
    string,
    SettingDoc<typeof functionsConfig>,
  ][]) {
    rows.push([
      `\`${name}\``,
      "the Functions' environment",
      doc.type,
      defaultOf(doc, functionsConfig),
      doc.does,
    ]);
  }

  const uiRows = new Map<string, string[]>();
  const describe = <Parsed>(docs: Record<string, SettingDoc<Parsed>>, parsed: Parsed, setIn: string) => {
    for (const [key, doc] of Object.entries(docs)) {
      uiRows.set(key, [`\`${key}\``, setIn, doc.type, defaultOf(doc, parsed), doc.does]);
    }
  };
  describe(PLUGIN_SETTING_DOCS, pluginConfig, `\`ui_attributes\` (plugin) or \`.env\``);
  describe(EXCLUSION_SETTING_DOCS, exclusions, '`ui_attributes` (plugin and Functions)');
  describe(COMPLIANCE_SETTING_DOCS, compliance, '`ui_attributes` (Functions)');
  describe(VOICE_INTELLIGENCE_SETTING_DOCS, voiceIntelligence, '`ui_attributes` (Functions)');

  const accepted = acceptedUiKeys();
  const undescribed = accepted.filter((key) => !uiRows.has(key));
  const unknown = [...uiRows.keys()].filter((key) => !accepted.includes(key));
  if (undescribed.length > 0)
    throw new Error(
      `no description for ${undescribed.join(', ')}: add one beside its parser (*SETTING_DOCS)`,
    );
  if (unknown.length > 0)
    throw new Error(`described but not accepted by the plugin's parser: ${unknown.join(', ')}`);
  for (const key of accepted) rows.push(uiRows.get(key) as string[]);
  return rows.map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
}

/** Markdown for rows (unaligned: prettier aligns it). */
export function renderTable(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}

/** The cells of the table between the markers of `doc`, as written (padding trimmed). */
export function tableInDoc(doc: string): string[][] {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/admin-guide.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return doc
    .slice(start + TABLE_START.length, end)
    .split('\n')
    .filter((line) => line.trim().startsWith('|') && !/^\|[\s|:-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** `doc` with the table between the markers replaced by `table`. */
export function replaceTable(doc: string, table: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/admin-guide.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${doc.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${doc.slice(end)}`;
}

async function main(): Promise<void> {
  const prettier = await import('prettier');
  const doc = fs.readFileSync(ADMIN_GUIDE, 'utf8');
  const options = await prettier.resolveConfig(ADMIN_GUIDE);
  const next = await prettier.format(replaceTable(doc, renderTable(settingsRows())), {
    ...options,
    filepath: ADMIN_GUIDE,
  });
  if (next === doc) {
    console.log('docs/admin-guide.md: the settings table is up to date');
    return;
  }
  fs.writeFileSync(ADMIN_GUIDE, next);
  console.log('docs/admin-guide.md: settings table rewritten');
}

// Run as a script (node scripts/run-ts.js scripts/settings-table.ts), not when a test imports it.
if (path.resolve(process.argv[2] ?? '') === __filename) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
