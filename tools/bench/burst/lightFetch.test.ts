import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLightFetch } from './lightFetch';

describe('createLightFetch: the simulated browsers’ transport', () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/busy')
          return res.writeHead(429, 'Too Many Requests', { 'Retry-After': '1' }).end('{}');
        if (req.url === '/empty') return res.writeHead(204).end();
        res
          .writeHead(201, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ echo: JSON.parse(body) }));
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends what the plugin’s client sends and answers a Response it can read, over one kept connection', async () => {
    const { fetch: send, close } = createLightFetch();
    try {
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ Token: 't', taskSid: 'WT1' }),
      };
      const created = await send(`${base}/create-recording`, init);
      expect([created.status, created.ok, created.headers.get('content-type')]).toEqual([
        201,
        true,
        'application/json',
      ]);
      expect(await created.json()).toEqual({ echo: { Token: 't', taskSid: 'WT1' } });
      expect(seen.at(-1)).toMatchObject({ method: 'POST', body: init.body });
      expect(seen.at(-1)?.headers['content-type']).toBe('application/json');

      const busy = await send(`${base}/busy`, init);
      expect([busy.status, busy.ok, busy.statusText, busy.headers.get('retry-after')]).toEqual([
        429,
        false,
        'Too Many Requests',
        '1',
      ]);
      const empty = await send(new URL(`${base}/empty`), { method: 'POST', body: '' });
      expect([empty.status, await empty.text()]).toEqual([204, '']);
      expect(connections).toBe(1);
    } finally {
      close();
    }
  });

  it('fails like a browser’s fetch (TypeError) when nothing answers, and refuses what it does not speak', async () => {
    const { fetch: send, close } = createLightFetch();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      await expect(send(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
        TypeError,
      );
      await expect(send('https://example.test/x')).rejects.toThrow('http only');
      await expect(send(`${base}/x`, { method: 'POST', body: new Uint8Array(1) })).rejects.toThrow(
        'string bodies only',
      );
    } finally {
      close();
    }
  });
});
