import { templates } from '@twilio/flex-ui';

import { enUS } from './en-US';
import type { StringTemplates } from './StringTemplates';
import type { Translate } from './format';
import { formatTemplate } from './format';

/**
 * The text an HTML fragment shows (entities decoded, markup dropped). Parsed in an inert `<template>`,
 * so nothing in it loads or runs.
 */
export function htmlToText(html: string): string {
  const holder = document.createElement('template');
  holder.innerHTML = html;
  return holder.content.textContent ?? '';
}

/**
 * Renders a string id as plain text through Flex's compiled `templates` (which follow manager.strings,
 * so admins' overrides and the agent's locale apply); falls back to our en-US text if Flex has none.
 * Flex's templates produce HTML (Handlebars escapes values; `Template` renders the result as HTML), so
 * the output is turned into the text the agent would see: it goes where text is plain (aria-label,
 * title, shortcut names) or into another template as a value, which escapes it again.
 */
export const flexTranslate: Translate = (code, context) => {
  const compiled: unknown = templates?.[code];
  if (typeof compiled === 'function') {
    const html: unknown = compiled(context ?? {});
    if (typeof html === 'string') return htmlToText(html);
  }
  const fallback = (enUS as Readonly<Record<string, string>>)[code as StringTemplates] ?? code;
  return formatTemplate(fallback, context);
};
