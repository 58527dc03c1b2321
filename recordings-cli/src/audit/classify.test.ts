import { classify, type ConversationFacts } from './classify';

const NO_EXCLUSIONS = { excludeQueues: [], excludeAttributes: [] };
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

function facts(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return {
    taskSid: `WT${'1'.repeat(32)}`,
    createdAt: T0,
    createdAttributes: { direction: 'inbound', call_sid: `CA${'1'.repeat(32)}` },
    queueName: 'Sales',
    queueSid: `WQ${'1'.repeat(32)}`,
    acceptedAt: T0 + 5_000,
    canceled: false,
    customerCall: { sid: `CA${'1'.repeat(32)}`, endTime: T0 + 60_000, binding: null },
    claimedRecordingSids: [],
    states: {},
    stops: [],
    recordings: [],
    deletedRecordingSids: [],
    mediaRepairs: [],
    ...overrides,
  };
}

const recording = (status: string, startOffsetMs: number, errorCode: number | null = null) => ({
  sid: `RE${'1'.repeat(32)}`,
  callSid: `CA${'1'.repeat(32)}`,
  status,
  channels: 2,
  durationSeconds: null,
  dateCreated: new Date(T0),
  startTime: new Date(T0 + startOffsetMs),
  errorCode,
});

describe('classify', () => {
  it('measures the unrecorded head from the agent accepting to the recording starting', () => {
    const row = classify(facts({ recordings: [recording('completed', 6_500)] }), NO_EXCLUSIONS);
    expect(row).toMatchObject({
      recorded: true,
      headSeconds: 1.5,
      gap: null,
      connectedAt: new Date(T0 + 5_000).toISOString(),
    });
  });

  it('puts a failed recording before everything else, with Twilio’s code', () => {
    const row = classify(facts({ recordings: [recording('absent', 6_000, 16102)] }), NO_EXCLUSIONS);
    expect(row.gap).toEqual({ reason: 'recording_failed', detail: expect.any(String), twilioCode: 16102 });
  });

  const consentStop = (sealed: boolean) => ({
    recordingSid: `RE${'1'.repeat(32)}`,
    reason: 'consent_failed' as const,
    sealed,
    twilioCode: 21220,
  });

  it('names a consent failure that stopped the recording when the Functions sealed the stop', () => {
    expect(classify(facts({ stops: [consentStop(true)] }), NO_EXCLUSIONS).gap).toMatchObject({
      reason: 'consent_failed',
      twilioCode: 21220,
    });
  });

  it('explains nothing by a stop reason without the Functions’ seal: unexplained, saying why', () => {
    expect(classify(facts({ stops: [consentStop(false)] }), NO_EXCLUSIONS).gap).toEqual({
      reason: null,
      detail: `stop reason not verifiable: consent_failed on RE${'1'.repeat(32)} written without the Functions' seal`,
      twilioCode: null,
    });
  });

  it('explains nothing by a status only the task attributes give: unexplained, saying why', () => {
    const states = {
      [`RE${'1'.repeat(32)}`]: {
        call_sid: '',
        channel: 'customer' as const,
        reservation_sid: '',
        status: 'absent' as const,
        paused: false,
        updated_at: '',
        error_code: 16101,
      },
    };
    expect(classify(facts({ states }), NO_EXCLUSIONS).gap).toMatchObject({
      reason: null,
      detail: expect.stringContaining('recording failure not verifiable'),
    });
  });

  it('calls it excluded when the exclusions set now match the queue or the attributes at creation', () => {
    expect(classify(facts(), { excludeQueues: ['Sales'], excludeAttributes: [] }).gap).toMatchObject({
      reason: 'excluded',
    });
    const byAttribute = {
      excludeQueues: [],
      excludeAttributes: [{ path: 'direction', segments: ['direction'], values: ['inbound'] }],
    };
    expect(classify(facts(), byAttribute).gap).toMatchObject({ reason: 'excluded' });
  });

  it('tells a caller who hung up first: nobody accepted, or the call ended as the agent accepted', () => {
    expect(classify(facts({ acceptedAt: null, canceled: true }), NO_EXCLUSIONS).gap).toMatchObject({
      reason: 'caller_hung_up_first',
    });
    const tied = { tied: true as const, via: 'a participant of conference CF…' };
    expect(
      classify(facts({ customerCall: { sid: 'CA', endTime: T0 + 5_000, binding: tied } }), NO_EXCLUSIONS).gap,
    ).toMatchObject({
      reason: 'caller_hung_up_first',
    });
  });

  it('believes no hang-up of a call Twilio does not tie to the task (task.created’s call_sid alone)', () => {
    const untied = { tied: false as const, reason: 'Twilio has no conference named after task WT…' };
    expect(
      classify(facts({ customerCall: { sid: 'CA', endTime: T0 + 5_000, binding: untied } }), NO_EXCLUSIONS)
        .gap,
    ).toEqual({
      reason: null,
      detail:
        "caller hang-up not verifiable: call CA (task.created's call_sid) ended as the agent accepted, but Twilio has no conference named after task WT…",
      twilioCode: null,
    });
  });

  it('says the plugin never asked when an agent accepted a live call and nothing was ever claimed', () => {
    expect(classify(facts(), NO_EXCLUSIONS).gap).toMatchObject({ reason: 'plugin_never_asked' });
  });

  it('leaves a gap unexplained when the records do not say: attributes redacted, or a claim Twilio never had', () => {
    expect(classify(facts({ createdAttributes: null }), NO_EXCLUSIONS).gap).toMatchObject({ reason: null });
    expect(
      classify(facts({ claimedRecordingSids: [`RE${'2'.repeat(32)}`] }), NO_EXCLUSIONS).gap,
    ).toMatchObject({ reason: null });
  });

  it('leaves a gap unexplained, naming the recording and why, when a found recording does not count', () => {
    const unverifiedRecordings = [
      { recordingSid: `RE${'3'.repeat(32)}`, why: 'its call is not tied to the task' },
    ];
    expect(classify(facts({ unverifiedRecordings }), NO_EXCLUSIONS)).toMatchObject({
      recorded: false,
      gap: {
        reason: null,
        detail: `claimed recording not verifiable: RE${'3'.repeat(32)}: its call is not tied to the task`,
      },
    });
  });
});
