import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { installSandboxRouting, isTwilioHost } from './preload';

describe('preload routing', () => {
  let server: http.Server;
  let url: string;
  const seen: { host: string | undefined; original: string | undefined; path: string | undefined }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({
        host: req.headers.host,
        original: req.headers['x-sandbox-original-host'] as string | undefined,
        path: req.url,
      });
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ code: 20404, message: 'nope', more_info: '', status: 404 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (seen.length = 0));

  it('recognises twilio.com and its subdomains only', () => {
    expect(isTwilioHost('api.twilio.com')).toBe(true);
    expect(isTwilioHost('api.dublin.ie1.twilio.com')).toBe(true);
    expect(isTwilioHost('twilio.com')).toBe(true);
    expect(isTwilioHost('nottwilio.com')).toBe(false);
    expect(isTwilioHost('twilio.com.evil.example')).toBe(false);
  });

  it('sends a real twilio SDK call to the sandbox with the original host, and uninstalls cleanly', async () => {
    const uninstall = installSandboxRouting(url);
    try {
      await expect(
        twilio('AC' + 'a'.repeat(32), 'x')
          .calls('CA' + 'b'.repeat(32))
          .fetch(),
      ).rejects.toMatchObject({ status: 404, code: 20404 });
      await fetch('https://taskrouter.twilio.com/v1/Workspaces');
      await new Promise<void>((resolve) =>
        https.get('https://iam.twilio.com/v1/x', (res) => res.resume().on('end', resolve)),
      );
    } finally {
      uninstall();
    }
    expect(seen.map((s) => s.original)).toEqual([
      'api.twilio.com',
      'taskrouter.twilio.com',
      'iam.twilio.com',
    ]);
    expect(seen[0].path).toBe(`/2010-04-01/Accounts/AC${'a'.repeat(32)}/Calls/CA${'b'.repeat(32)}.json`);
    expect(https.request.name).toBe('request');
  });

  it('keeps connections in the pool of the agent that asked: one client reuses its own, a new client opens new ones, per Twilio host', async () => {
    const connections = new Set<unknown>();
    const count = (socket: unknown): void => void connections.add(socket);
    server.on('connection', count);
    const uninstall = installSandboxRouting(url);
    const fetchCall = (client: twilio.Twilio) =>
      client
        .calls('CA' + 'b'.repeat(32))
        .fetch()
        .catch(() => undefined);
    const fetchTask = (client: twilio.Twilio) =>
      client.taskrouter.v1
        .workspaces('WS' + 'c'.repeat(32))
        .fetch()
        .catch(() => undefined);
    try {
      const kept = twilio('AC' + 'a'.repeat(32), 'x', { keepAlive: true });
      await fetchCall(kept);
      await fetchCall(kept);
      expect(connections.size).toBe(1);
      // Another Twilio host is another pool, as deployed.
      await fetchTask(kept);
      await fetchTask(kept);
      expect(connections.size).toBe(2);
      // A client made anew has an agent of its own: a new connection.
      await fetchCall(twilio('AC' + 'a'.repeat(32), 'x', { keepAlive: true }));
      expect(connections.size).toBe(3);
      // keepAlive: false (Connection: close) asks for a connection per request.
      const closing = twilio('AC' + 'a'.repeat(32), 'x', { keepAlive: false });
      await fetchCall(closing);
      await fetchCall(closing);
      expect(connections.size).toBe(5);
    } finally {
      uninstall();
      server.off('connection', count);
    }
  });

  it('leaves other hosts alone', async () => {
    const uninstall = installSandboxRouting('http://127.0.0.1:9');
    try {
      await fetch(`${url}/direct`);
    } finally {
      uninstall();
    }
    expect(seen).toEqual([{ host: expect.any(String), original: undefined, path: '/direct' }]);
  });

  it('does nothing when TWILIO_SANDBOX_URL is unset (built preload in a fresh node)', () => {
    const out = execFileSync(
      process.execPath,
      ['-r', require.resolve('../dist/preload.js'), '-e', 'console.log(require("https").request.name)'],
      {
        env: { PATH: process.env.PATH },
      },
    ).toString();
    expect(out.trim()).toBe('request');
  });
});
