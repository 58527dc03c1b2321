import { templates } from '@twilio/flex-ui';

import { enUS } from './en-US';
import type { StringTemplates } from './StringTemplates';
import type { Translate } from './format';
import { formatTemplate } from './format';

/**
 * Renders a string id through Flex's compiled `templates` (which follow manager.strings, so admins'
 * overrides and the agent's locale apply); falls back to our en-US text if Flex has none.
 */
export const flexTranslate: Translate = (code, context) => {
  const compiled: unknown = templates?.[code];
  if (typeof compiled === 'function') {
    const text: unknown = compiled(context ?? {});
    if (typeof text === 'string') return text;
  }
  const fallback = (enUS as Readonly<Record<string, string>>)[code as StringTemplates] ?? code;
  return formatTemplate(fallback, context);
};
