import { twilioClientFor } from '../../src/twilio/client';
import { TEST_CONFIG } from '../helpers/config';

describe('twilioClientFor: one client per warm instance', () => {
  it('keeps the client (and its kept-alive connections) for the next invocations of the same deployment', () => {
    const first = twilioClientFor(TEST_CONFIG);
    // Each invocation parses its settings anew: equal settings, not the same object, find the same client.
    expect(twilioClientFor({ ...TEST_CONFIG, credentials: { ...TEST_CONFIG.credentials } })).toBe(first);
  });

  it('makes a new client when the credentials, region or edge differ', () => {
    const first = twilioClientFor(TEST_CONFIG);
    const rotated = twilioClientFor({
      ...TEST_CONFIG,
      credentials: { kind: 'auth_token', accountSid: TEST_CONFIG.credentials.accountSid, authToken: 'new' },
    });
    expect(rotated).not.toBe(first);
    expect(rotated.password).toBe('new');
    const dublin = twilioClientFor({ ...TEST_CONFIG, region: 'ie1', edge: 'dublin' });
    expect(dublin).not.toBe(rotated);
    expect([dublin.region, dublin.edge]).toEqual(['ie1', 'dublin']);
  });

  it('asks the SDK for a keep-alive pool without a cap on sockets in use, and no retries of its own', () => {
    const client = twilioClientFor({ ...TEST_CONFIG, edge: 'sydney' });
    expect(client.keepAlive).toBe(true);
    expect(client.maxSockets).toBe(Number.POSITIVE_INFINITY);
    expect(client.autoRetry).toBe(false);
    expect(client.httpClient.keepAlive).toBe(true);
  });
});
