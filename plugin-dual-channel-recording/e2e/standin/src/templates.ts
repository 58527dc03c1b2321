import type * as Flex from '@twilio/flex-ui';

/** Where the current strings live (`manager.strings`, which plugins replace wholesale). */
export type StringsSource = () => Readonly<Record<string, string>>;

/**
 * Renders a Handlebars-style template: `{{name}}` is replaced by `context.name`. Flex uses full
 * Handlebars; plugins' strings here use plain substitutions only.
 */
export function renderTemplate(text: string, context: Readonly<Record<string, unknown>> = {}): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, name: string) => {
    const value = context[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

/**
 * Flex's `templates`: `templates[code](context)` renders `manager.strings[code]`. A Proxy, so strings
 * a plugin adds after start-up are found, as in Flex.
 */
export function createTemplates(strings: StringsSource): Readonly<Record<string, Flex.CompiledTemplate>> {
  return new Proxy<Record<string, Flex.CompiledTemplate>>(
    {},
    {
      get(_target, code) {
        if (typeof code !== 'string') return undefined;
        const text = strings()[code];
        return text === undefined
          ? undefined
          : (context?: Readonly<Record<string, unknown>>) => renderTemplate(text, context);
      },
    },
  );
}
