import twilio from 'twilio';
import { twilioSignature } from './signer';

describe('twilioSignature', () => {
  it('matches twilio.validateRequest for POST params, repeated keys and a query string', () => {
    const token = '12345678901234567890123456789012';
    const url = 'https://example.com/recording-status?x=1&y=two';
    const params = { RecordingSid: 'RE1', CallSid: 'CA1', RecordingStatus: 'completed', AccountSid: 'AC1' };
    const sig = twilioSignature(token, url, params);
    expect(twilio.validateRequest(token, sig, url, params)).toBe(true);
    expect(twilio.validateRequest('other-token-00000000000000000000', sig, url, params)).toBe(false);
    expect(twilioSignature(token, url, { ...params, RecordingStatus: 'absent' })).not.toBe(sig);
  });

  it('follows the documented algorithm (URL + sorted key/value pairs, HMAC-SHA1, base64)', () => {
    // Example from Twilio's security docs.
    const sig = twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    });
    expect(sig).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });
});
