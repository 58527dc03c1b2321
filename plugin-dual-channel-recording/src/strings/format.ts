/** Values a string template may interpolate. */
export type TemplateContext = Readonly<Record<string, string | number>>;

/** Renders a string id with its context as plain text (Flex's `templates` in the app, a stand-in in tests). */
export type Translate = (code: string, context?: TemplateContext) => string;

/**
 * Fills `{{name}}` placeholders; the fallback when Flex has no compiled template for an id.
 * It only substitutes text (no HTML), like Handlebars' escaped `{{ }}`.
 */
export function formatTemplate(template: string, context: TemplateContext = {}): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_match, name: string) =>
    Object.prototype.hasOwnProperty.call(context, name) ? String(context[name]) : '',
  );
}
