/**
 * The deployed request shape, route by route. The same flow (create, pause, resume, a signed
 * status callback) runs once against twilio-run directly, the dev server's shape (it hands the
 * Function `Host`), and once through the local gateway, which hands the Function exactly what a
 * deployed one gets: the client's headers minus Twilio's documented restricted list and
 * `@twilio/runtime-handler`'s own (tools/local-stack/src/gateway/restricted-headers.ts, proven header by header in
 * tools/local-stack/src/gateway/gateway.test.ts). Every answer must be the same, SIDs and times aside. Each request
 * also carries `X-Forwarded-*` and `Referer` as a proxy or a browser would: nothing may depend on them.
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { twilioSignature, type WebhookParams } from '@dual-channel-recording/twilio-sandbox/signer';
import { postFunction, type Reply } from '../helpers/functions-http';

let stack: Stack;
const SINK_PASSWORD = 'contract-sink-password-0123456789';

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { EVENTS_SINK_PASSWORD: SINK_PASSWORD } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** What proxies and browsers add, which a deployed Function never sees. */
const PROXY_HEADERS = {
  'X-Forwarded-For': '203.0.113.7',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'evil.example',
  Referer: 'https://flex.twilio.com/agent-desktop/',
};

/** An answer with SIDs and times replaced, so two runs of one flow compare equal. */
function normalised(reply: Reply): { status: number; body: unknown; cors: string | null } {
  const text = JSON.stringify(reply.body)
    // A playback link is signed and short-lived: only its presence compares.
    .replace(/"media_url":"[^"]+"/g, '"media_url":"<LINK>"')
    .replace(/\b[A-Z]{2}[0-9a-f]{32}\b/g, '<SID>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<TIME>');
  return {
    status: reply.status,
    body: JSON.parse(text) as unknown,
    cors: reply.headers.get('access-control-allow-origin'),
  };
}

/** One run of every route through `baseUrl`, answers in order. */
async function flow(baseUrl: string): Promise<Array<ReturnType<typeof normalised>>> {
  const via = { ...stack, functionsUrl: baseUrl };
  const worker = await stack.sandbox.createWorker({ identity: `agent-${baseUrl.length}-${Date.now()}` });
  const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
  const fields = {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid!,
  };
  const answers: Reply[] = [];
  const created = await postFunction(
    via,
    '/create-recording',
    { ...fields, channel: 'customer' },
    {
      headers: PROXY_HEADERS,
    },
  );
  answers.push(created);
  answers.push(await postFunction(via, '/pause-recording', fields, { headers: PROXY_HEADERS, form: true }));
  answers.push(await postFunction(via, '/resume-recording', fields, { headers: PROXY_HEADERS }));
  // Twilio signs the public URL it calls (PUBLIC_BASE_URL), whichever way the request then travels.
  const path = `/recording-status?taskSid=${call.taskSid}&reservationSid=${call.reservationSid}`;
  const params: WebhookParams = {
    AccountSid: stack.accountSid,
    CallSid: fields.callSid,
    RecordingSid: String(created.body.recordingSid),
    RecordingStatus: 'completed',
    RecordingDuration: '12',
    RecordingChannels: '2',
    RecordingStartTime: 'Thu, 01 Jan 2026 10:00:00 +0000',
    RecordingSource: 'StartCallRecordingAPI',
  };
  const signature = twilioSignature(stack.authToken, `${stack.functionsUrl}${path}`, params);
  answers.push(
    await postFunction(via, path, params, {
      form: true,
      origin: null,
      headers: { ...PROXY_HEADERS, 'X-Twilio-Signature': signature },
    }),
  );
  // A browser on a foreign origin: refused the same way on both.
  answers.push(
    await postFunction(
      via,
      '/create-recording',
      { ...fields, channel: 'customer' },
      {
        origin: 'https://evil.example',
      },
    ),
  );
  // The Insights player's GET with the viewer's token in Authorization, once the call ended.
  await stack.sandbox.hangup(fields.callSid);
  const supervisor = await stack.sandbox.createWorker({
    identity: `sup-${Date.now()}`,
    roles: ['supervisor'],
  });
  const player = await fetch(
    `${baseUrl}/playback-recording?recordingSid=${String(created.body.recordingSid)}&taskSid=${call.taskSid}`,
    {
      headers: {
        ...PROXY_HEADERS,
        Origin: 'https://flex.twilio.com',
        Authorization: `Basic ${Buffer.from(`token:${supervisor.token}`).toString('base64')}`,
      },
    },
  );
  answers.push({
    status: player.status,
    headers: player.headers,
    body: (await player.json()) as Record<string, unknown>,
  });
  // An Event Streams delivery with the sink's credentials.
  const delivery = [{ type: 'com.twilio.taskrouter.task.wrapup', data: { task_sid: call.taskSid } }];
  answers.push(
    await postFunction(via, '/task-events', delivery as unknown as Record<string, unknown>, {
      origin: null,
      headers: {
        ...PROXY_HEADERS,
        Authorization: `Basic ${Buffer.from(`events:${SINK_PASSWORD}`).toString('base64')}`,
      },
    }),
  );
  return answers.map(normalised);
}

describe('every route answers the deployed request shape as it answers the dev server', () => {
  it('create, pause, resume, the signed status callback, a foreign origin, the Insights player and an Event Streams delivery: same statuses, bodies and CORS', async () => {
    expect(stack.gateway).toBeDefined();
    const devServer = await flow(stack.twilioRunUrl);
    const deployedShape = await flow(stack.functionsUrl);
    expect(devServer.map((a) => a.status)).toEqual([201, 200, 200, 200, 403, 200, 200]);
    expect(deployedShape).toEqual(devServer);
    expect(await stack.sandbox.state().then((s) => s.recordings.length)).toBe(2);
  }, 60_000);
});
