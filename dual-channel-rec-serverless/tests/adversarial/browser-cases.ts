/**
 * Adversarial cases for the routes the Flex plugin calls from the browser (create-recording,
 * pause-recording, resume-recording): one arbitrary that varies every field, the token, the
 * Origin, the Content-Type and where each field travels (body or query), and the oracle's model of
 * what the README says each case must be answered with. Every generated case has at least one
 * reason to be refused, so a 2xx or a state change is always a finding.
 */
import fc from 'fast-check';
import {
  type Encoding,
  type FieldChoice,
  type FieldValue,
  type OriginChoice,
  type Verdict,
  contentTypeFor,
  enumFieldChoice,
  enumVerdict,
  extraFields,
  fieldValue,
  forgedToken,
  originChoice,
  seenValue,
  sidFieldChoice,
  sidVerdict,
  wrongTypeJson,
} from './arbitraries';
import { type Expectation, type RawRequest, encodeBody } from './adversary';

/** One parameter of a route: a SID (with its prefix) or an enumerated string. */
export type FieldSpec =
  | { name: string; kind: 'sid'; prefix: string; valid: string; others: string[]; optional?: boolean }
  | { name: string; kind: 'enum'; allowed: string[]; valid: string };

/** The tokens a fixture mints, by how the route must treat them. */
export interface FixtureTokens {
  /** The caller's own valid token (the only one that may act). */
  own: string;
  /** Valid tokens of other workers of this account (authenticated, not authorized). */
  otherWorkers: string[];
  /** Tokens that must fail authentication: expired, another account's, another account's worker. */
  invalid: string[];
}

/** A browser route under attack. */
export interface BrowserRouteSpec {
  path: string;
  fields: FieldSpec[];
  tokens: FixtureTokens;
  allowedOrigins: string[];
}

/** How a case presents the Flex token. */
export type TokenChoice =
  | { kind: 'own' }
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'forged'; value: string }
  | { kind: 'invalid'; value: string }
  | { kind: 'otherWorker'; value: string }
  | { kind: 'wrongType'; value: unknown }
  | { kind: 'repeated' };

/** One adversarial request to a browser route. */
export interface BrowserCase {
  encoding: Encoding;
  contentType: string | undefined;
  fields: Record<string, FieldChoice | undefined>;
  /** Fields carried in the query string instead of the body. */
  inQuery: string[];
  token: TokenChoice;
  origin: OriginChoice;
  extras: Record<string, string>;
}

/** Which dimensions a property varies (the others keep their valid default). */
export interface Vary {
  fields?: boolean;
  token?: boolean;
  origin?: boolean;
  contentType?: boolean;
  query?: boolean;
  extras?: boolean;
}

function tokenChoice(spec: BrowserRouteSpec, encoding: Encoding): fc.Arbitrary<TokenChoice> {
  const { tokens } = spec;
  const choices: fc.Arbitrary<TokenChoice>[] = [
    fc.constant<TokenChoice>({ kind: 'absent' }),
    fc.constant<TokenChoice>({ kind: 'empty' }),
    forgedToken(tokens.own).map((value): TokenChoice => ({ kind: 'forged', value })),
    fc.constant<TokenChoice>({ kind: 'repeated' }),
  ];
  if (tokens.invalid.length > 0)
    choices.push(
      fc.constantFrom(...tokens.invalid).map((value): TokenChoice => ({ kind: 'invalid', value })),
    );
  if (tokens.otherWorkers.length > 0)
    choices.push(
      fc.constantFrom(...tokens.otherWorkers).map((value): TokenChoice => ({ kind: 'otherWorker', value })),
    );
  if (encoding === 'json')
    choices.push(wrongTypeJson(tokens.own).map((value): TokenChoice => ({ kind: 'wrongType', value })));
  return fc.oneof(...choices);
}

function tokenValue(spec: BrowserRouteSpec, choice: TokenChoice): FieldValue {
  switch (choice.kind) {
    case 'own':
      return { kind: 'value', value: spec.tokens.own };
    case 'absent':
      return { kind: 'absent' };
    case 'empty':
      return { kind: 'value', value: '' };
    case 'repeated':
      return { kind: 'value', value: [spec.tokens.own, spec.tokens.own] };
    case 'forged':
    case 'invalid':
    case 'otherWorker':
    case 'wrongType':
      return { kind: 'value', value: choice.value };
  }
}

function fieldChoice(field: FieldSpec, encoding: Encoding): fc.Arbitrary<FieldChoice> {
  return field.kind === 'sid'
    ? sidFieldChoice(field.valid, field.others, encoding)
    : enumFieldChoice(field.valid, field.allowed, encoding);
}

/** The arbitrary of cases for a route; only refusable cases are generated (see {@link expectationFor}). */
export function browserCases(spec: BrowserRouteSpec, vary: Vary): fc.Arbitrary<BrowserCase> {
  const names = spec.fields.map((f) => f.name);
  return fc
    .constantFrom<Encoding>('json', 'form')
    .chain((encoding) => {
      const fieldRecord: Record<string, fc.Arbitrary<FieldChoice | undefined>> = {};
      for (const field of spec.fields) {
        fieldRecord[field.name] = vary.fields
          ? fc.option(fieldChoice(field, encoding), { nil: undefined, freq: 2 })
          : fc.constant(undefined);
      }
      return fc.record({
        encoding: fc.constant(encoding),
        contentType: vary.contentType
          ? contentTypeFor(encoding)
          : fc.constant(encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'),
        fields: fc.record(fieldRecord),
        inQuery: vary.query ? fc.subarray([...names, 'Token'], { maxLength: 2 }) : fc.constant<string[]>([]),
        token: vary.token
          ? fc.oneof(
              { weight: 1, arbitrary: fc.constant<TokenChoice>({ kind: 'own' }) },
              { weight: 3, arbitrary: tokenChoice(spec, encoding) },
            )
          : fc.constant<TokenChoice>({ kind: 'own' }),
        origin: vary.origin
          ? originChoice(spec.allowedOrigins)
          : fc.constantFrom<OriginChoice>(
              { kind: 'allowed', value: spec.allowedOrigins[0] },
              { kind: 'absent' },
            ),
        extras: vary.extras ? extraFields([...names, 'Token']) : fc.constant({}),
      });
    })
    .filter((c) => expectationFor(spec, c).refusable);
}

/** True when a value is too big for a URL (the HTTP server's 16 KB header limit). */
function tooBigForQuery(value: FieldValue): boolean {
  return value.kind === 'value' && JSON.stringify(value.value ?? null).length > 2000;
}

/** The wire form of a case: where each field goes, and the request itself. */
export function requestFor(
  spec: BrowserRouteSpec,
  c: BrowserCase,
): { request: RawRequest; sent: Record<string, FieldValue>; query: Record<string, FieldValue> } {
  // Null-prototype records, so an extra field named __proto__ is a field like any other.
  const all: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  for (const field of spec.fields) all[field.name] = fieldValue(field.valid, c.fields[field.name]);
  all.Token = tokenValue(spec, c.token);
  const body = Object.create(null) as Record<string, FieldValue>;
  const query = Object.create(null) as Record<string, FieldValue>;
  for (const [name, value] of Object.entries(all)) {
    if (c.inQuery.includes(name) && !tooBigForQuery(value)) query[name] = value;
    else body[name] = value;
  }
  for (const [name, value] of Object.entries(c.extras)) body[name] = { kind: 'value', value };
  const search = encodeBody(query, 'form');
  const headers: Record<string, string> = {};
  if (c.contentType !== undefined) headers['Content-Type'] = c.contentType;
  if (c.origin.kind !== 'absent') headers.Origin = c.origin.value;
  return {
    request: {
      path: `${spec.path}${search === '' ? '' : `?${search}`}`,
      headers,
      body: encodeBody(body, c.encoding),
    },
    sent: body,
    query,
  };
}

/** True when the runtime parses the body with the encoding it was written in. */
function bodyParsed(c: BrowserCase): boolean {
  const type = (c.contentType ?? '').split(';')[0].trim();
  return type === (c.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded');
}

/** What the Function's event holds for each route field and Token, as the runtime builds it ({...query, ...body}). */
export function eventFor(spec: BrowserRouteSpec, c: BrowserCase): Record<string, unknown> {
  const { sent, query } = requestFor(spec, c);
  const event: Record<string, unknown> = {};
  for (const name of [...spec.fields.map((f) => f.name), 'Token']) {
    // The query string is parsed like a form (repeated keys become lists).
    if (query[name] !== undefined) event[name] = seenValue(query[name], 'form');
    // A body the runtime does not parse as its encoding contributes no fields.
    if (sent[name] !== undefined && bodyParsed(c)) event[name] = seenValue(sent[name], c.encoding);
  }
  return event;
}

const MAX_TOKEN_LENGTH = 16 * 1024;

/** The oracle's expectation for a case, and whether the case must be refused at all. */
export function expectationFor(spec: BrowserRouteSpec, c: BrowserCase): Expectation & { refusable: boolean } {
  const event = eventFor(spec, c);
  const origin = c.origin.kind === 'absent' ? undefined : c.origin.value;
  const originAllowed = c.origin.kind !== 'foreign';
  const verdicts: Record<string, Verdict> = {};
  for (const field of spec.fields) {
    verdicts[field.name] =
      field.kind === 'sid'
        ? sidVerdict(event[field.name], field.prefix, field.valid)
        : enumVerdict(event[field.name], field.allowed, field.valid);
  }
  const badFields = spec.fields
    .filter(
      (f) =>
        verdicts[f.name] === 'malformed' ||
        (verdicts[f.name] === 'missing' && !(f.kind === 'sid' && f.optional)),
    )
    .map((f) => f.name);
  const token = event.Token;
  const tokenMissing = token === undefined || token === '';
  const tokenMalformed = !tokenMissing && (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH);
  if (tokenMalformed) badFields.push('Token');
  const tokenAuthenticates =
    typeof token === 'string' && (token === spec.tokens.own || spec.tokens.otherWorkers.includes(token));
  const foreignOrOmitted = spec.fields.some(
    (f) =>
      verdicts[f.name] === 'foreign' || (verdicts[f.name] === 'missing' && f.kind === 'sid' && f.optional),
  );
  const refusable =
    !originAllowed ||
    badFields.length > 0 ||
    !tokenAuthenticates ||
    token !== spec.tokens.own ||
    foreignOrOmitted;

  let outcomes: Expectation['outcomes'];
  if (!originAllowed) outcomes = [{ status: 403, code: 'origin_not_allowed' }];
  else if (badFields.length > 0) {
    outcomes = [{ status: 400, code: 'invalid_parameter' }];
    if (!tokenAuthenticates) outcomes.push({ status: 403, code: 'invalid_token' });
  } else if (!tokenAuthenticates) outcomes = [{ status: 403, code: 'invalid_token' }];
  else outcomes = [403, 404, 409].map((status) => ({ status, code: '*' }));

  const secrets = [spec.tokens.own, ...spec.tokens.otherWorkers, ...spec.tokens.invalid];
  if (typeof token === 'string' && !tokenAuthenticates) secrets.push(token);
  for (const name of spec.fields.map((f) => f.name)) {
    const value = event[name];
    // A long malformed value must not be reflected (short ones can collide with message words,
    // and well-formed SIDs are named on purpose in 403/404 messages).
    if (
      verdicts[name] === 'malformed' &&
      typeof value === 'string' &&
      value.length >= 16 &&
      !/[A-Z]{2}[0-9a-fA-F]{20}/.test(value)
    )
      secrets.push(value);
  }
  return { outcomes, badFields, secrets, origin, originAllowed, refusable };
}

/** A one-line summary of a case for test output (values abbreviated). */
export function summarize(c: BrowserCase): string {
  return JSON.stringify(c, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length})` : value,
  );
}
