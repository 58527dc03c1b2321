import type * as Flex from '@twilio/flex-ui';

import { enUS, stringsForLocale } from '../../strings';

/**
 * Adds our strings to manager.strings in the agent's locale (en-US underneath). Strings an admin
 * already set under the same ids win, so wording can be customised without a rebuild.
 */
export function registerStrings(manager: Flex.Manager): void {
  let localeTag: string | undefined;
  try {
    localeTag = manager.localization?.localeTag;
  } catch {
    // Older Flex builds have no localization manager; the configured language is the next best.
    localeTag = undefined;
  }
  const ours = { ...enUS, ...stringsForLocale(localeTag ?? manager.configuration?.language) };
  manager.strings = { ...ours, ...manager.strings };
}
