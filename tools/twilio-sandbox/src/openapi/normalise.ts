import type { SchemaNode } from './types';

/** Options for {@link normaliseSchema}. */
export interface NormaliseOptions {
  /**
   * Close objects (`additionalProperties: false` where the spec leaves it open) so a response
   * field the spec does not declare (a typo in the sandbox) fails validation.
   */
  closeObjects?: boolean;
}

/**
 * Returns a copy of a Twilio OpenAPI schema that ajv accepts:
 * - `nullable` without `type` (e.g. `encryption_details`) means "anything, including null": ajv
 *   refuses it ("nullable cannot be used without type"), so it is dropped;
 * - `nullable` beside `$ref` becomes `anyOf [$ref, null]` (ajv would otherwise apply neither);
 * - `format: uri` becomes `uri-reference`: Twilio's own `uri`, `first_page_uri` fields are
 *   relative paths (`/2010-04-01/Accounts/...json`), which a strict URI check rejects;
 * - vendor keys (`x-twilio`, ...) and documentation keys are removed.
 */
export function normaliseSchema(node: unknown, options: NormaliseOptions = {}): unknown {
  if (Array.isArray(node)) return node.map((item) => normaliseSchema(item, options));
  if (node === null || typeof node !== 'object') return node;
  const source = node as SchemaNode;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-') || key === 'example' || key === 'examples' || key === 'description') continue;
    // `properties` maps names to schemas: its keys are field names, never keywords.
    if (key === 'properties' && value && typeof value === 'object') {
      const props: SchemaNode = {};
      for (const [name, sub] of Object.entries(value as SchemaNode))
        props[name] = normaliseSchema(sub, options);
      out[key] = props;
      continue;
    }
    out[key] = normaliseSchema(value, options);
  }
  if (out.format === 'uri') out.format = 'uri-reference';
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    if (typeof out.$ref === 'string') {
      const ref = out.$ref;
      delete out.$ref;
      out.anyOf = [{ $ref: ref }, { type: 'null' }];
    }
  }
  if (
    options.closeObjects &&
    out.type === 'object' &&
    out.properties &&
    out.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}
