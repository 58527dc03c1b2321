/**
 * Sets up the Twilio Functions runtime globals for unit tests, like twilio-labs/function-templates'
 * test/test-helper.js: `Twilio.Response`, `Runtime.getFunctions()` and `Runtime.getAssets()`.
 * `getFunctions()` maps each `src/functions/**\/*.ts` file to the key twilio-run and the deployed
 * runtime use (path under functions/, without `.private` and the extension), pointing at the
 * TypeScript source so jest's transform loads it.
 *
 * Import this module before any Function module: private modules load each other through Runtime
 * when they are first required.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FUNCTIONS_DIR = join(__dirname, '..', '..', 'src', 'functions');

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

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The Runtime.getFunctions() map for the source tree, keyed as twilio-run keys the built files. */
export function functionsMap(dir: string = FUNCTIONS_DIR): Record<string, { path: string }> {
  const map: Record<string, { path: string }> = {};
  for (const file of walk(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const key = relative(dir, file)
      .replace(/\\/g, '/')
      .replace(/\.ts$/, '')
      .replace(/\.(private|protected)$/, '');
    map[key] = { path: file };
  }
  return map;
}

/** Installs the globals (idempotent). */
export function setupRuntime(): void {
  const g = globalThis as Record<string, unknown>;
  const functions = functionsMap();
  g.Twilio = { Response: TestResponse };
  g.Runtime = { getFunctions: () => functions, getAssets: () => ({}), getSync: () => ({}) };
  g.Functions = functions;
}

setupRuntime();
