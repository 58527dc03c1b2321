import http from 'node:http';
import { startStack, type Stack } from '../harness/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

function raw(
  path: string,
  headers: [string, string][],
  body: string,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(stack.functionsUrl);
  const flat: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const cur = flat[k];
    flat[k] = cur === undefined ? v : [...[cur].flat(), v];
  }
  flat['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: 'POST', headers: flat },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('probe', async () => {
  const w = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({ workerSid: w.workerSid });
  const valid = {
    Token: w.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid,
    channel: 'customer',
  };
  const J = ['Content-Type', 'application/json'] as [string, string];
  const t0 = Date.now();
  for (let i = 0; i < 20; i++)
    await raw(
      '/create-recording',
      [J, ['Origin', 'https://flex.twilio.com']],
      JSON.stringify({ ...valid, taskSid: 'x' }),
    );
  console.log('20 param-400 in', Date.now() - t0);
  const t1 = Date.now();
  for (let i = 0; i < 20; i++)
    await raw('/create-recording', [J], JSON.stringify({ ...valid, Token: 'garbage' }));
  console.log('20 token-403 in', Date.now() - t1);
  const show = async (name: string, h: [string, string][], b: string, p = '/create-recording') => {
    const r = await raw(p, h, b);
    console.log(
      name,
      r.status,
      JSON.stringify(r.headers['content-type']),
      r.headers['access-control-allow-origin'],
      r.text.slice(0, 600),
    );
  };
  await show('malformed json', [J], '{"Token": "' + w.token + '", "x"');
  await show('form as json', [J], 'taskSid=' + call.taskSid);
  await show('json as form', [['Content-Type', 'application/x-www-form-urlencoded']], JSON.stringify(valid));
  await show('text/plain', [['Content-Type', 'text/plain']], JSON.stringify(valid));
  await show('no ct', [], JSON.stringify(valid));
  await show('utf16', [['Content-Type', 'application/json; charset=utf-16']], JSON.stringify(valid));
  await show('7mb', [J], JSON.stringify({ ...valid, pad: 'x'.repeat(7_000_000) }));
  await show(
    'dup origin',
    [J, ['Origin', 'https://evil.example'], ['Origin', 'https://evil.example']],
    JSON.stringify({ ...valid, taskSid: 'WT' + '0'.repeat(32) }),
  );
  await show(
    'request override body',
    [J, ['Origin', 'https://evil.example']],
    JSON.stringify({ ...valid, taskSid: 'WT' + '0'.repeat(32), request: {} }),
  );
  await show(
    'request override query',
    [J, ['Origin', 'https://evil.example']],
    JSON.stringify({ ...valid, taskSid: 'WT' + '0'.repeat(32) }),
    '/create-recording?request=1',
  );
  await show(
    'query array',
    [J],
    JSON.stringify({ ...valid, taskSid: undefined }),
    '/create-recording?taskSid[]=a&taskSid[]=b',
  );
  await show(
    'query obj',
    [J],
    JSON.stringify({ ...valid, taskSid: undefined }),
    '/create-recording?taskSid[a]=b',
  );
  await show('proto', [J], '{"__proto__": {"taskSid": "x"}, "constructor": 1}');
  await show(
    'preflight hdr',
    [J, ['Access-Control-Request-Method', 'POST']],
    JSON.stringify({ ...valid, taskSid: 'x' }),
  );
  await show(
    'status no sig',
    [['Content-Type', 'application/x-www-form-urlencoded']],
    'RecordingSid=x',
    '/recording-status?taskSid=x',
  );
  await show('status json', [J], '{"RecordingSid": 1}', '/recording-status');
  await show('pause x', [J], JSON.stringify({ ...valid, callSid: 'CA' }), '/pause-recording');
  console.log(JSON.stringify(await stack.sandbox.recordings()));
}, 60_000);
