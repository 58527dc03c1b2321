import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { addTwilioFormats } from './formats';
import { normaliseSchema } from './normalise';
import { loadSpec } from './spec-loader';
import type { ApiName, OpenApiDocument, OpenApiOperation, OpenApiParameter, SchemaNode } from './types';
import { SandboxDefectError, TwilioErrorResponse } from '../errors';

/** A request matched to an operation of Twilio's spec. */
export interface OperationMatch {
  api: ApiName;
  method: 'get' | 'post' | 'delete';
  template: string;
  operation: OpenApiOperation;
  pathParams: Record<string, string>;
}

/** Input values after validation, coerced to the spec's types (integers, booleans, arrays). */
export type ParamValues = Record<string, unknown>;

interface CompiledOperation {
  path: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | undefined;
  responses: Map<string, ValidateFunction>;
}

interface PathEntry {
  template: string;
  regex: RegExp;
  names: string[];
}

const SPEC_ID: Record<string, string> = {
  api: 'twilio-api',
  taskrouter: 'twilio-taskrouter',
  flex: 'twilio-flex',
  insights: 'twilio-insights',
  intelligence: 'twilio-intelligence',
  sync: 'twilio-sync',
};

/** Describes ajv errors in one line, naming the parameter like Twilio does. */
function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const missing =
        e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty) : '';
      return missing
        ? `Missing required parameter ${missing}`
        : `${e.instancePath || '/'} ${e.message ?? ''}`.trim();
    })
    .join('; ');
}

/** Rewrites the spec's local `#/components/...` refs to the registered document's id. */
function rebase(schema: unknown, specId: string): unknown {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${specId}#/`));
}

/**
 * Validates requests and responses against Twilio's official OpenAPI files. Requests use a
 * coercing ajv (form and query values are strings); responses use a strict one with closed objects,
 * so any field the sandbox invents, misspells or mistypes fails loudly.
 */
export class OpenApiValidator {
  private readonly requestAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: 'array' });
  private readonly responseAjv = new Ajv({ strict: false, allErrors: true });
  private readonly paths = new Map<ApiName, PathEntry[]>();
  private readonly docs = new Map<ApiName, OpenApiDocument>();
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(apis: ApiName[] = ['api', 'taskrouter', 'flex', 'insights', 'intelligence', 'sync']) {
    addTwilioFormats(this.requestAjv);
    addTwilioFormats(this.responseAjv);
    for (const api of apis) {
      const doc = loadSpec(api);
      if (!doc) continue;
      this.docs.set(api, doc);
      const id = SPEC_ID[api];
      this.requestAjv.addSchema({ $id: id, components: normaliseSchema(doc.components) as SchemaNode });
      this.responseAjv.addSchema({
        $id: id,
        components: normaliseSchema(doc.components, { closeObjects: true }) as SchemaNode,
      });
      const entries: PathEntry[] = [];
      for (const template of Object.keys(doc.paths)) {
        const names: string[] = [];
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const m = /^\{([^}]+)\}$/.exec(part);
            if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            names.push(m[1]);
            // `Twilio.CURRENT` contains a dot, so a segment is anything up to the next slash.
            return '([^/]+?)';
          })
          .join('');
        entries.push({ template, regex: new RegExp(`^${source}$`), names });
      }
      // Literal segments beat parameters: `/Accounts/Stats` must not match `/Accounts/{Sid}`.
      entries.sort(
        (a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length,
      );
      this.paths.set(api, entries);
    }
  }

  /** True when the spec of `api` was loaded (IAM has no spec for Tokens/validate). */
  hasSpec(api: ApiName): boolean {
    return this.docs.has(api);
  }

  /** Finds the operation for a request, or undefined when Twilio's spec has no such path/method. */
  match(api: ApiName, method: string, pathname: string): OperationMatch | undefined {
    const doc = this.docs.get(api);
    const m = method.toLowerCase();
    if (!doc || (m !== 'get' && m !== 'post' && m !== 'delete')) return undefined;
    for (const entry of this.paths.get(api) ?? []) {
      const found = entry.regex.exec(pathname);
      if (!found) continue;
      const operation = doc.paths[entry.template][m];
      if (!operation) continue;
      const pathParams: Record<string, string> = {};
      entry.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(found[i + 1])));
      return { api, method: m, template: entry.template, operation, pathParams };
    }
    return undefined;
  }

  /** True when the spec knows `pathname` under any method (to answer 405 rather than 404). */
  knowsPath(api: ApiName, pathname: string): boolean {
    return (this.paths.get(api) ?? []).some((e) => e.regex.test(pathname));
  }

  private compile(match: OperationMatch): CompiledOperation {
    const key = `${match.api} ${match.method} ${match.template}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const id = SPEC_ID[match.api];
    const params = match.operation.parameters ?? [];
    const group = (where: OpenApiParameter['in']): SchemaNode => {
      const selected = params.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(
          selected.map((p) => [p.name, rebase(normaliseSchema(p.schema ?? {}), id)]),
        ),
        required: selected.filter((p) => p.required).map((p) => p.name),
      };
    };
    const form = match.operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    const responses = new Map<string, ValidateFunction>();
    for (const [status, response] of Object.entries(match.operation.responses)) {
      const schema = response.content?.['application/json']?.schema;
      if (schema) {
        responses.set(
          status,
          this.responseAjv.compile(rebase(normaliseSchema(schema, { closeObjects: true }), id) as SchemaNode),
        );
      }
    }
    const compiled: CompiledOperation = {
      // Path values are strings like query values: Sync's item `{Index}` is an integer in the spec.
      path: this.requestAjv.compile(group('path')),
      query: this.requestAjv.compile(group('query')),
      body: form ? this.requestAjv.compile(rebase(normaliseSchema(form), id) as SchemaNode) : undefined,
      responses,
    };
    this.compiled.set(key, compiled);
    return compiled;
  }

  /**
   * Validates path parameters, query and form body; returns the coerced query and body.
   * Throws Twilio's errors: 404/20404 for a malformed SID in the path (Twilio cannot find it),
   * 400/20001 for a missing or invalid parameter.
   */
  validateRequest(
    match: OperationMatch,
    query: Record<string, string | string[]>,
    body: Record<string, string | string[]>,
    pathname: string,
  ): { query: ParamValues; body: ParamValues } {
    const compiled = this.compile(match);
    if (!compiled.path({ ...match.pathParams }))
      throw new TwilioErrorResponse(404, 20404, `The requested resource ${pathname} was not found`);
    const q: ParamValues = { ...query };
    if (!compiled.query(q))
      throw new TwilioErrorResponse(400, 20001, `Invalid query: ${describe(compiled.query.errors)}`);
    const b: ParamValues = { ...body };
    if (compiled.body && !compiled.body(b))
      throw new TwilioErrorResponse(400, 20001, describe(compiled.body.errors));
    return { query: q, body: b };
  }

  /**
   * Checks a success response the sandbox is about to send. A mismatch is a sandbox defect, never
   * the client's fault, so it throws {@link SandboxDefectError} (the server answers 500 and logs it).
   */
  validateResponse(match: OperationMatch, status: number, body: unknown): void {
    const compiled = this.compile(match);
    if (status === 204) return;
    const validate = compiled.responses.get(String(status));
    if (!validate) {
      throw new SandboxDefectError(
        `${match.operation.operationId}: status ${status} is not declared in Twilio's spec`,
      );
    }
    if (!validate(body)) {
      throw new SandboxDefectError(
        `${match.operation.operationId}: response violates Twilio's schema: ${describe(validate.errors)}`,
      );
    }
  }
}
