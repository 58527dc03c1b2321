import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiName, OpenApiDocument } from './types';

const FILES: Partial<Record<ApiName, string>> = {
  api: 'twilio_api_v2010.json',
  taskrouter: 'twilio_taskrouter_v1.json',
  flex: 'twilio_flex_v1.json',
  insights: 'twilio_insights_v1.json',
  intelligence: 'twilio_intelligence_v2.json',
  sync: 'twilio_sync_v1.json',
  // IAM's Tokens/validate is not in twilio_iam_v1.json (checked with @twilio/cli-core 8.3.1):
  // its body is validated by hand in apis/iam.ts.
};

const cache = new Map<ApiName, OpenApiDocument>();

/** Loads Twilio's official OpenAPI description of `api` from @twilio/cli-core (cached). */
export function loadSpec(api: ApiName): OpenApiDocument | undefined {
  const file = FILES[api];
  if (!file) return undefined;
  let doc = cache.get(api);
  if (!doc) {
    const pkg = require.resolve('@twilio/cli-core/package.json');
    const full = path.join(path.dirname(pkg), 'src', 'services', 'twilio-api', file);
    doc = JSON.parse(readFileSync(full, 'utf8')) as OpenApiDocument;
    cache.set(api, doc);
  }
  return doc;
}
