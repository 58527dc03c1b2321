import type * as Flex from '@twilio/flex-ui';

import { enUS, stringsForLocale } from '../../strings';

/** Where Flex 2.17 says its locale came from when nothing chose one (`LocaleSource.FlexDefault`). */
const FLEX_DEFAULT_LOCALE_SOURCE = 'flex default';

/**
 * The agent's locale: Flex's localization when it determined one (user preference, account default,
 * browser), else the configured `language`. Flex 2.17 reports en-US from `flex default` whenever its
 * localization (a feature flag) did not run, even with `language` set in the Flex configuration.
 */
export function agentLocale(manager: Flex.Manager): string | undefined {
  let localization: Partial<Flex.Manager['localization']> | undefined;
  try {
    localization = manager.localization;
  } catch {
    // Older Flex builds have no localization manager; the configured language is the next best.
    localization = undefined;
  }
  const language = manager.configuration?.language || undefined;
  if (localization?.localeSource === FLEX_DEFAULT_LOCALE_SOURCE) return language ?? localization.localeTag;
  return localization?.localeTag ?? language;
}

/**
 * Adds our strings to manager.strings in the agent's locale (en-US underneath). Strings an admin
 * already set under the same ids win, so wording can be customised without a rebuild.
 */
export function registerStrings(manager: Flex.Manager): void {
  const ours = { ...enUS, ...stringsForLocale(agentLocale(manager)) };
  manager.strings = { ...ours, ...manager.strings };
}
