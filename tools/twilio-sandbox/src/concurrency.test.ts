import { ConcurrencyLimit, parseConcurrencySetting } from './concurrency';
import { SandboxClient } from './client';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

describe('ConcurrencyLimit', () => {
  it('admits up to the limit per account, refuses one more, and admits again once one is released', () => {
    const limit = new ConcurrencyLimit(2);
    const a = limit.admit('AC1');
    const b = limit.admit('AC1');
    expect([a.admitted, a.inFlight, b.admitted, b.inFlight]).toEqual([true, 1, true, 2]);
    expect(limit.admit('AC1')).toEqual({ admitted: false, inFlight: 3 });
    // Another account has its own count.
    expect(limit.admit('AC2').admitted).toBe(true);
    if (a.admitted) a.release();
    expect(limit.admit('AC1')).toMatchObject({ admitted: true, inFlight: 2 });
    expect(limit.stats()).toEqual({ limit: 2, inFlight: 3, peakInFlight: 2, admitted: 4, rejected: 1 });
  });

  it('counts a request released twice (answer written and connection closed) once', () => {
    const limit = new ConcurrencyLimit(1);
    const a = limit.admit('AC1');
    if (!a.admitted) throw new Error('not admitted');
    a.release();
    a.release();
    expect(limit.stats().inFlight).toBe(0);
    expect(limit.admit('AC1').admitted).toBe(true);
    expect(limit.admit('AC1').admitted).toBe(false);
  });

  it('has no limit when set to null, and refuses a limit that is not a positive integer', () => {
    const limit = new ConcurrencyLimit(null);
    for (let i = 0; i < 500; i += 1) expect(limit.admit('AC1').admitted).toBe(true);
    expect(() => limit.setLimit(0)).toThrow(/positive integer/);
    expect(() => limit.setLimit(1.5)).toThrow(/positive integer/);
  });

  it.each([
    [undefined, { ok: true, limit: 100 }],
    ['', { ok: true, limit: 100 }],
    ['30', { ok: true, limit: 30 }],
    ['off', { ok: true, limit: null }],
    ['0', { ok: false }],
    ['many', { ok: false }],
  ])('reads SANDBOX_MAX_CONCURRENCY=%p', (raw, expected) => {
    expect(parseConcurrencySetting(raw)).toMatchObject(expected);
  });
});

describe('the sandbox under its REST concurrency limit', () => {
  let sandbox: RunningSandbox;
  let control: SandboxClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ maxConcurrency: 3 });
    control = new SandboxClient(sandbox.url);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => control.reset());
  afterEach(() => expect(sandbox.defects).toEqual([]));

  const auth = (): string =>
    `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`;
  const fetchTask = (taskSid: string): Promise<Response> =>
    fetch(`${sandbox.url}/v1/Workspaces/${sandbox.workspaceSid}/Tasks/${taskSid}`, {
      headers: { Authorization: auth(), 'X-Sandbox-Original-Host': 'taskrouter.twilio.com' },
    });

  async function task(): Promise<{ taskSid: string; callSid: string }> {
    const worker = await control.createWorker({ identity: 'alice' });
    const call = await control.inboundCall({ workerSid: worker.workerSid });
    return { taskSid: call.taskSid, callSid: call.customerCallSid ?? '' };
  }

  it("counts requests in flight over their latency and answers the one past the limit at once with Twilio's 429 / 20429", async () => {
    const { taskSid } = await task();
    await control.setLatency(400);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetchTask(taskSid)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = answers.find((r) => r.status === 429);
    expect(await refused?.json()).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    expect(refused?.headers.get('Twilio-Concurrent-Requests')).toBe('4');
    const admittedCounts = answers
      .filter((r) => r.status === 200)
      .map((r) => r.headers.get('Twilio-Concurrent-Requests'))
      .sort();
    expect(admittedCounts).toEqual(['1', '2', '3']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const log = await control.requests();
    const refusedLog = log.filter((r) => r.status === 429);
    expect(refusedLog).toHaveLength(2);
    // Refused at arrival: none of the 400 ms latency.
    for (const entry of refusedLog) {
      expect(entry.fault).toBe('concurrency-limit');
      expect(entry.twilioCode).toBe(20429);
      expect(entry.durationMs).toBeLessThan(400);
    }
    expect(await control.concurrency()).toMatchObject({
      limit: 3,
      inFlight: 0,
      peakInFlight: 3,
      rejected: 2,
    });
  });

  it('never processes a refused request: a refused create leaves no recording', async () => {
    const { callSid } = await task();
    await control.setLatency(300);
    const create = (): Promise<Response> =>
      fetch(`${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Calls/${callSid}/Recordings.json`, {
        method: 'POST',
        headers: {
          Authorization: auth(),
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Sandbox-Original-Host': 'api.twilio.com',
        },
        body: 'RecordingChannels=dual',
      });
    const answers = await Promise.all(Array.from({ length: 4 }, create));
    const created = answers.filter((r) => r.status === 201).length;
    expect(created).toBe(3);
    expect((await control.recordings()).filter((r) => r.callSid === callSid)).toHaveLength(created);
  });

  it('frees the slot of a request whose connection was dropped', async () => {
    const { taskSid } = await task();
    await control.addFault({ api: 'taskrouter', drop: true, times: 3, latencyMs: 50 });
    const dropped = await Promise.allSettled(Array.from({ length: 3 }, () => fetchTask(taskSid)));
    expect(dropped.every((d) => d.status === 'rejected')).toBe(true);
    expect((await control.concurrency()).inFlight).toBe(0);
    expect((await fetchTask(taskSid)).status).toBe(200);
  });

  it('is set and lifted through the control API, and a reset returns to the start value', async () => {
    const { taskSid } = await task();
    await control.setConcurrencyLimit(null);
    await control.setLatency(200);
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetchTask(taskSid)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    await control.reset();
    expect((await control.concurrency()).limit).toBe(3);
  });

  it('does not count the control API', async () => {
    await control.setLatency(300);
    await Promise.all(Array.from({ length: 10 }, () => control.state()));
    expect((await control.concurrency()).admitted).toBe(0);
  });
});
