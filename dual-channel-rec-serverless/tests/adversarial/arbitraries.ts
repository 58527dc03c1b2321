/**
 * Shared fast-check arbitraries for the adversarial suites: malformed and foreign SIDs, values of
 * the wrong type, unicode confusables, huge strings, forged tokens and signatures, origins and
 * unknown extra fields. They are built from a fixture's real values (a valid SID to mangle, a
 * valid token to forge from), so every mutation is checked against the real Functions and state.
 *
 * The classification of what the Function receives (missing, malformed, well-formed but foreign,
 * valid) lives here too: it is the oracle's model of the README contract, written independently of
 * the Functions' own parsing code.
 */
import fc from 'fast-check';

/** The seed every property runs with (override: FC_SEED=<n>); fast-check prints it on failure. */
export const SEED = Number(process.env.FC_SEED ?? 20261121);

/** Scales every property's numRuns (ADVERSARIAL_RUNS=4 for a deeper local run). */
const RUNS_SCALE = Number(process.env.ADVERSARIAL_RUNS ?? 1);

/** fast-check parameters for a property: the fixed seed and scaled runs (failures print seed and path). */
export function runs(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_SCALE)) };
}

/** The SID grammar the README documents: a two-letter prefix and 32 hex digits. */
export function isWellFormedSid(value: unknown, prefix: string): value is string {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

const HEX = '0123456789abcdef'.split('');
const NON_HEX = 'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ-_.:/+= '.split('');
/** Look-alikes of SID letters and digits: Cyrillic, Greek, fullwidth, zero-width and NUL. */
export const CONFUSABLES = [
  '\u0410', // Cyrillic A
  '\u0421', // Cyrillic Es (C)
  '\u0412', // Cyrillic Ve (B)
  '\u0415', // Cyrillic Ie (E)
  '\u0430', // Cyrillic a
  '\u0435', // Cyrillic e
  '\u03a4', // Greek Tau (T)
  '\u039a', // Greek Kappa (K)
  '\uff10', // fullwidth 0
  '\uff11', // fullwidth 1
  '\uff21', // fullwidth A
  '\u0660', // Arabic-Indic 0
  '\u200b', // zero-width space
  '\u00a0', // no-break space
  '\u0000', // NUL
];

const hexString = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });

/**
 * About 1 MB: more than any field needs, and just under the 1 MB (1,048,576-byte) request limit of
 * Twilio's gateway (the local one enforces it), so one such value reaches the Function's own checks.
 */
export const HUGE_LENGTH = 1_000_000;

/**
 * About 1 MB starting with `start`, in one case out of `1 + 40` (a rare but present choice: every
 * huge request costs the runtime a parse, and one per property run is enough to prove the limit).
 */
function huge(start: string): fc.Arbitrary<string> {
  return fc.constant(start + start.slice(-1).repeat(HUGE_LENGTH));
}

/** One weight unit against the 40 of everything else. */
const RARE = 1;
const COMMON = 40;

/**
 * A SID with the right prefix the sandbox has never issued. Sandbox SIDs count up from
 * `…0001`, so a first hex digit of 8–f never collides with one.
 */
export function unknownSid(prefix: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...'89abcdef'.split('')), hexString(31))
    .map(([first, rest]) => `${prefix}${first}${rest}`);
}

/** Replaces the character at `index` (clamped to the string) with `by`. */
function replaceAt(value: string, index: number, by: string): string {
  const i = Math.min(Math.max(index, 0), Math.max(value.length - 1, 0));
  return value.slice(0, i) + by + value.slice(i + 1);
}

/**
 * Strings that must fail the SID grammar for `prefix`, derived from a valid SID: wrong prefix,
 * lowercase prefix, too short, too long, non-hex, confusables, whitespace padding, random unicode,
 * an embedded zero-width or NUL character, and (rarely) about 1 MB.
 */
export function malformedSid(valid: string): fc.Arbitrary<string> {
  const prefix = valid.slice(0, 2);
  const body = valid.slice(2);
  const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
  const ordinary = fc.oneof(
    fc.tuple(letters, letters).map(([a, b]) => `${a}${b}${body}`),
    fc.constant(prefix.toLowerCase() + body),
    fc.constant(prefix[0] + prefix[1].toLowerCase() + body),
    fc.integer({ min: 1, max: 33 }).map((n) => valid.slice(0, n)),
    hexString(1).chain((h) => fc.constantFrom(valid + h, valid + h.repeat(8))),
    fc
      .tuple(fc.integer({ min: 2, max: 33 }), fc.constantFrom(...NON_HEX))
      .map(([i, c]) => replaceAt(valid, i, c)),
    fc
      .tuple(fc.integer({ min: 0, max: 33 }), fc.constantFrom(...CONFUSABLES))
      .map(([i, c]) => replaceAt(valid, i, c)),
    fc
      .tuple(fc.integer({ min: 0, max: 34 }), fc.constantFrom(...CONFUSABLES))
      .map(([i, c]) => valid.slice(0, i) + c + valid.slice(i)),
    fc.constantFrom(` ${valid}`, `${valid} `, `\t${valid}\n`, `${valid}\r\n`, `${valid}%00`),
    fc.constantFrom(`${valid},${valid}`, `${valid}&x=1`, `["${valid}"]`, `{"sid":"${valid}"}`),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );
  return fc
    .oneof({ arbitrary: ordinary, weight: COMMON }, { arbitrary: huge(`${prefix}a`), weight: RARE })
    .filter((s) => s !== '' && !isWellFormedSid(s, prefix));
}

/**
 * Well-formed SIDs with the right prefix that are not `valid`: unknown ones, mixed-case copies of
 * `valid` (the grammar allows A–F; Twilio issues lowercase), and real SIDs of other resources.
 */
export function foreignSid(valid: string, others: readonly string[] = []): fc.Arbitrary<string> {
  const prefix = valid.slice(0, 2);
  const mixedCase = fc
    .array(fc.boolean(), { minLength: 32, maxLength: 32 })
    .map((flags) => prefix + [...valid.slice(2)].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));
  const candidates: fc.Arbitrary<string>[] = [unknownSid(prefix), mixedCase];
  if (others.length > 0) candidates.push(fc.constantFrom(...others));
  return fc.oneof(...candidates).filter((s) => s !== valid && isWellFormedSid(s, prefix));
}

/** JSON values that are not one string: numbers, booleans, null, objects and lists (incl. of the valid value). */
export function wrongTypeJson(valid: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant({}),
    fc.constant({ value: valid }),
    fc.constant([valid]),
    fc.constant([valid, valid]),
    fc.constant([]),
    fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string'),
  );
}

/** A field as one case sends it: left out, or a value (a list in a form body repeats the key). */
export type FieldValue = { kind: 'absent' } | { kind: 'value'; value: unknown };

/** How a case changes one field of a valid request. */
export type FieldChoice =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'malformed'; value: string }
  | { kind: 'foreign'; value: string }
  | { kind: 'wrongType'; value: unknown }
  | { kind: 'repeated'; values: string[] };

/** Choices for a SID field, for either body encoding (wrong JSON types only make sense in JSON). */
export function sidFieldChoice(
  valid: string,
  others: readonly string[],
  encoding: Encoding,
): fc.Arbitrary<FieldChoice> {
  const repeated: fc.Arbitrary<string[]> = fc.oneof(
    fc.constant<string[]>([valid, valid]),
    foreignSid(valid, others).map((other) => [valid, other]),
    malformedSid(valid).map((bad) => [bad, valid]),
  );
  const choices: fc.Arbitrary<FieldChoice>[] = [
    fc.constant<FieldChoice>({ kind: 'absent' }),
    fc.constant<FieldChoice>({ kind: 'empty' }),
    malformedSid(valid).map((value): FieldChoice => ({ kind: 'malformed', value })),
    foreignSid(valid, others).map((value): FieldChoice => ({ kind: 'foreign', value })),
    repeated.map((values): FieldChoice => ({ kind: 'repeated', values })),
  ];
  if (encoding === 'json') choices.push(wrongTypeJson(valid).map((value) => ({ kind: 'wrongType', value })));
  return fc.oneof(...choices);
}

/** Choices for an enumerated string field (channel): never another allowed value. */
export function enumFieldChoice(
  valid: string,
  allowed: readonly string[],
  encoding: Encoding,
): fc.Arbitrary<FieldChoice> {
  const ordinary = fc.oneof(
    fc.constantFrom(valid.toUpperCase(), ` ${valid}`, `${valid} `, `${valid}\u200b`, valid.slice(0, -1)),
    fc.constantFrom('agent', 'both', 'dual', 'others', '*', 'customer,worker', '\u0441ustomer'),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );
  const bad = fc
    .oneof({ arbitrary: ordinary, weight: COMMON }, { arbitrary: huge(valid), weight: RARE })
    .filter((s) => s !== '' && !allowed.includes(s));
  const choices: fc.Arbitrary<FieldChoice>[] = [
    fc.constant<FieldChoice>({ kind: 'absent' }),
    fc.constant<FieldChoice>({ kind: 'empty' }),
    bad.map((value): FieldChoice => ({ kind: 'malformed', value })),
    fc.constant<FieldChoice>({ kind: 'repeated', values: [valid, valid] }),
  ];
  if (encoding === 'json') choices.push(wrongTypeJson(valid).map((value) => ({ kind: 'wrongType', value })));
  return fc.oneof(...choices);
}

/** The value a field choice puts on the wire (before encoding). */
export function fieldValue(valid: string, choice: FieldChoice | undefined): FieldValue {
  if (choice === undefined) return { kind: 'value', value: valid };
  switch (choice.kind) {
    case 'absent':
      return { kind: 'absent' };
    case 'empty':
      return { kind: 'value', value: '' };
    case 'malformed':
    case 'foreign':
    case 'wrongType':
      return { kind: 'value', value: choice.value };
    case 'repeated':
      return { kind: 'value', value: choice.values };
  }
}

/** Body encodings the Functions accept. */
export type Encoding = 'json' | 'form';

/**
 * What the Function's `event` holds for a field after the runtime parsed the body: JSON as sent; a
 * form field as a string, or a list when repeated, or nothing.
 */
export function seenValue(sent: FieldValue, encoding: Encoding): unknown {
  if (sent.kind === 'absent') return undefined;
  const { value } = sent;
  if (encoding === 'json') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return value.length === 1 ? String(value[0]) : value.map(String);
  }
  return String(value);
}

/** How the contract classifies what a field's event value is. */
export type Verdict = 'missing' | 'malformed' | 'foreign' | 'valid';

/** Classifies a SID field's event value against the fixture's valid value. */
export function sidVerdict(seen: unknown, prefix: string, valid: string): Verdict {
  if (seen === undefined || seen === '') return 'missing';
  if (!isWellFormedSid(seen, prefix)) return 'malformed';
  return seen === valid ? 'valid' : 'foreign';
}

/** Classifies an enumerated field's event value. */
export function enumVerdict(seen: unknown, allowed: readonly string[], valid: string): Verdict {
  if (seen === undefined || seen === '') return 'missing';
  if (typeof seen !== 'string' || !allowed.includes(seen)) return 'malformed';
  return seen === valid ? 'valid' : 'foreign';
}

/** Unknown extra fields: harmless names, case variants of real ones, prototype keys, long names and values. */
export function extraFields(realFields: readonly string[]): fc.Arbitrary<Record<string, string>> {
  const name = fc
    .oneof(
      fc.constantFrom(
        'foo',
        'TaskSid',
        'TASKSID',
        'callsid',
        'Channel',
        'token',
        'TOKEN',
        'taskSid ',
        ' Token',
      ),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'),
      fc.constantFrom('taskSid[]', 'callSid[0]', 'Token.x', 'a'.repeat(2000)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    )
    // The real names would replace the field (that is `repeated`/`foreign`); `request` is the
    // runtime's own key and has its own test.
    .filter((n) => !realFields.includes(n) && n !== 'request');
  const value = fc.oneof(
    { weight: COMMON, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: RARE, arbitrary: huge('z') },
  );
  return fc.dictionary(name, value, { maxKeys: 3 });
}

/** Ways to spoil a valid Flex token (the sandbox looks tokens up; any change makes it unknown). */
export function forgedToken(valid: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc
        .integer({ min: 0, max: valid.length - 1 })
        .map((i) => replaceAt(valid, i, valid[i] === 'A' ? 'B' : 'A')),
      fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
      fc.constantFrom(`${valid}x`, `${valid}.`, valid.toUpperCase(), `Bearer ${valid}`, `${valid}\u200b`),
      fc.constant('eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJXSzAwMDEiLCJyb2xlcyI6WyJhZG1pbiJdfQ.'),
      fc.base64String({ minLength: 8, maxLength: 400 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
      fc.constant('t'.repeat(20_000)),
    )
    .filter((t) => t !== valid && t !== '');
}

/** Origins: Flex, a locally allowed one, none, and look-alikes of Flex that must be refused. */
export type OriginChoice =
  { kind: 'absent' } | { kind: 'allowed'; value: string } | { kind: 'foreign'; value: string };

/** Origins the Functions must refuse: exact-match rules, so any difference is foreign. */
export const FOREIGN_ORIGINS = [
  'https://evil.example',
  'https://flex.twilio.com.evil.example',
  'https://evilflex.twilio.com',
  'http://flex.twilio.com',
  'https://flex.twilio.com:444',
  'https://flex.twilio.com/',
  'HTTPS://FLEX.TWILIO.COM',
  'null',
  '*',
  'https://flex.twilio.com, https://evil.example',
];

/** An origin header choice given the allowed list. */
export function originChoice(allowed: readonly string[]): fc.Arbitrary<OriginChoice> {
  return fc.oneof(
    fc.constant<OriginChoice>({ kind: 'absent' }),
    fc.constantFrom(...allowed).map((value): OriginChoice => ({ kind: 'allowed', value })),
    fc
      .oneof(
        fc.constantFrom(...FOREIGN_ORIGINS),
        fc.webUrl().map((u) => new URL(u).origin),
      )
      .filter((o) => !allowed.includes(o.trim()) && o.trim() !== '')
      .map((value): OriginChoice => ({ kind: 'foreign', value })),
  );
}

/** Content types a client might claim; `lie` ones disagree with the body. */
export function contentTypeFor(encoding: Encoding): fc.Arbitrary<string | undefined> {
  const honest = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(honest) },
    { weight: 1, arbitrary: fc.constant(`${honest}; charset=utf-8`) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/octet-stream', undefined) },
    {
      weight: 1,
      // A JSON body announced as a form is parsed as one odd form key; the reverse is refused by the runtime.
      arbitrary: fc.constant(encoding === 'json' ? 'application/x-www-form-urlencoded' : 'text/plain'),
    },
  );
}

/** A base64 string that is not the given signature. */
export function forgedSignature(valid: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.base64String({ minLength: 4, maxLength: 40 }),
      fc.constantFrom(valid.slice(0, -1), valid.toLowerCase(), valid.replace(/=+$/, ''), `${valid}${valid}`),
      fc
        .integer({ min: 0, max: valid.length - 2 })
        .map((i) => replaceAt(valid, i, valid[i] === 'A' ? 'B' : 'A')),
      // Header values are printable ASCII; HTTP strips surrounding whitespace, so none is added.
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).map((s) => s.trim()),
    )
    .filter((s) => s !== valid && s !== '');
}

/** Random 32-hex auth tokens (another account's key signing a callback). */
export const otherAuthToken: fc.Arbitrary<string> = hexString(32);
