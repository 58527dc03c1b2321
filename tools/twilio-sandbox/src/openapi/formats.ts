import type Ajv from 'ajv';
import addFormats from 'ajv-formats';

const RFC2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/**
 * Registers the standard formats plus Twilio's custom ones. Each custom format gets a real check
 * where Twilio documents one; the rest are declared so ajv does not reject the schema.
 */
export function addTwilioFormats(ajv: Ajv): void {
  addFormats(ajv);
  ajv.addFormat('date-time-rfc-2822', RFC2822);
  ajv.addFormat('http-method', /^(GET|POST|PUT|DELETE|HEAD|PATCH)$/i);
  // E.164, or a client:/sip: identifier, as Twilio writes From/To.
  ajv.addFormat('phone-number', /^(\+[1-9]\d{1,14}|client:.+|sip:.+|[A-Za-z0-9 ]+)$/);
  ajv.addFormat('endpoint', /^.+$/);
  ajv.addFormat('currency', /^[A-Z]{3}$/);
  ajv.addFormat('iso-country-code', /^[A-Z]{2}$/);
  // Applied to objects (subresource_uris, links): ajv formats check strings only, so accept all.
  for (const name of ['uri-map', 'phone-number-capabilities', 'ice-server', 'twiml'])
    ajv.addFormat(name, true);
}
