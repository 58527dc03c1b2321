import type { IncomingHttpHeaders } from 'node:http';
import type { ParamValues } from '../openapi/validator';
import type { Account } from '../state';

/** A validated Twilio API request, ready for a handler. */
export interface ApiRequest {
  method: string;
  pathname: string;
  pathParams: Record<string, string>;
  query: ParamValues;
  body: ParamValues;
  headers: IncomingHttpHeaders;
  account: Account;
}

/** What a handler answers: JSON (validated against the spec) or raw bytes (media). */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; data: Buffer };
}

/** A handler for one OpenAPI operation. */
export type ApiHandler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;
