import { SandboxDefectError, TwilioErrorResponse } from '../errors';
import { normaliseSchema } from './normalise';
import { OpenApiValidator } from './validator';

describe('normaliseSchema', () => {
  it('drops nullable without type, wraps nullable $ref, relaxes uri, strips vendor keys', () => {
    const out = normaliseSchema({
      type: 'object',
      'x-twilio': { pii: true },
      properties: {
        encryption_details: { nullable: true, description: 'd' },
        status: { $ref: '#/components/schemas/s', nullable: true },
        uri: { type: 'string', format: 'uri' },
        description: { type: 'string' },
      },
    });
    expect(out).toEqual({
      type: 'object',
      properties: {
        encryption_details: {},
        status: { anyOf: [{ $ref: '#/components/schemas/s' }, { type: 'null' }] },
        uri: { type: 'string', format: 'uri-reference' },
        description: { type: 'string' },
      },
    });
  });

  it('closes objects only when asked', () => {
    expect(normaliseSchema({ type: 'object', properties: {} }, { closeObjects: true })).toMatchObject({
      additionalProperties: false,
    });
    expect(normaliseSchema({ type: 'object', properties: {} })).not.toHaveProperty('additionalProperties');
  });
});

describe('OpenApiValidator on the real cli-core files', () => {
  const v = new OpenApiValidator();
  const AC = 'AC' + 'a'.repeat(32);
  const CA = 'CA' + 'b'.repeat(32);
  const path = `/2010-04-01/Accounts/${AC}/Calls/${CA}/Recordings.json`;

  it('matches operations, including Twilio.CURRENT as a path segment', () => {
    expect(v.match('api', 'POST', path)?.operation.operationId).toBe('CreateCallRecording');
    expect(
      v.match('api', 'POST', `/2010-04-01/Accounts/${AC}/Calls/${CA}/Recordings/Twilio.CURRENT.json`)
        ?.pathParams.Sid,
    ).toBe('Twilio.CURRENT');
    expect(
      v.match('taskrouter', 'GET', `/v1/Workspaces/WS${'a'.repeat(32)}/Tasks/WT${'a'.repeat(32)}`)?.operation
        .operationId,
    ).toBe('FetchTask');
  });

  it('coerces form values: repeated keys to arrays, integers from strings', () => {
    const m = v.match('api', 'POST', path);
    if (!m) throw new Error('no match');
    const { body } = v.validateRequest(m, {}, { RecordingStatusCallbackEvent: 'completed' }, path);
    expect(body.RecordingStatusCallbackEvent).toEqual(['completed']);
    const list = v.match('api', 'GET', path);
    if (!list) throw new Error('no match');
    expect(v.validateRequest(list, { PageSize: '5' }, {}, path).query.PageSize).toBe(5);
  });

  it('rejects a bad enum with 400/20001 and a malformed path SID with 404/20404', () => {
    const upd = `/2010-04-01/Accounts/${AC}/Calls/${CA}/Recordings/RE${'c'.repeat(32)}.json`;
    const m = v.match('api', 'POST', upd);
    if (!m) throw new Error('no match');
    expect(() => v.validateRequest(m, {}, { Status: 'loud' }, upd)).toThrow(TwilioErrorResponse);
    expect(() => v.validateRequest(m, {}, {}, upd)).toThrow(/Missing required parameter Status/);
    const bad = v.match('api', 'GET', `/2010-04-01/Accounts/${AC}/Calls/CA1.json`);
    if (!bad) throw new Error('no match');
    expect(() => v.validateRequest(bad, {}, {}, 'x')).toThrow(
      expect.objectContaining({ status: 404, code: 20404 }),
    );
  });

  it('fails loudly when the sandbox sends a field Twilio does not declare or a wrong type', () => {
    const m = v.match('api', 'POST', path);
    if (!m) throw new Error('no match');
    expect(() =>
      v.validateResponse(m, 201, {
        sid: 'RE' + 'a'.repeat(32),
        channels: 2,
        status: 'in-progress',
        call_Sid: CA,
      }),
    ).toThrow(SandboxDefectError);
    expect(() => v.validateResponse(m, 201, { channels: '2' })).toThrow(/channels/);
    expect(() => v.validateResponse(m, 201, { date_created: '2024-01-01T00:00:00Z' })).toThrow(
      /date_created/,
    );
    expect(() =>
      v.validateResponse(m, 201, {
        sid: 'RE' + 'a'.repeat(32),
        channels: 2,
        date_created: 'Fri, 14 Oct 2016 21:56:34 +0000',
      }),
    ).not.toThrow();
  });
});
