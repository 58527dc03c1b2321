/**
 * Sets up the Twilio Functions runtime global the Functions use, like twilio-labs/function-templates'
 * test/test-helper.js: `Twilio.Response`. The routes import their code normally (no
 * `Runtime.getFunctions()`), so nothing else needs standing in for.
 *
 * Import this module before calling a handler.
 */

/** A stand-in for the runtime's Twilio.Response that keeps what the Function set. */
export class TestResponse {
  statusCode = 200;
  body: unknown = undefined;
  headers: Record<string, string> = {};

  setStatusCode(code: number): this {
    this.statusCode = code;
    return this;
  }

  setBody(body: string | object): this {
    this.body = body;
    return this;
  }

  appendHeader(key: string, value: string): this {
    this.headers[key] = value;
    return this;
  }

  setHeaders(headers: Record<string, string>): this {
    this.headers = { ...headers };
    return this;
  }

  setCookie(): this {
    return this;
  }

  removeCookie(): this {
    return this;
  }

  /** The body as an object (the Functions set objects; a string body is parsed). */
  json<T = Record<string, unknown>>(): T {
    return (typeof this.body === 'string' ? JSON.parse(this.body) : this.body) as T;
  }

  /** A header by case-insensitive name. */
  header(name: string): string | undefined {
    const key = Object.keys(this.headers).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : this.headers[key];
  }
}

/** Installs the global (idempotent). */
export function setupRuntime(): void {
  (globalThis as Record<string, unknown>).Twilio = { Response: TestResponse };
}

setupRuntime();
