import { enUS } from './en-US';
import { esES } from './es-ES';
import { esMX } from './es-MX';
import { ptBR } from './pt-BR';
import type { StringSet } from './StringTemplates';
import { zhHans } from './zh-Hans';

export { StringTemplates } from './StringTemplates';
export type { StringSet } from './StringTemplates';
export { enUS };

/** Every locale we ship, by BCP 47 tag. */
export const LOCALES: Readonly<Record<string, StringSet>> = {
  'en-US': enUS,
  'es-MX': esMX,
  'es-ES': esES,
  'pt-BR': ptBR,
  'zh-Hans': zhHans,
};

/** Language-only and regional tags that map onto one of our locales. */
const ALIASES: Readonly<Record<string, string>> = {
  en: 'en-US',
  es: 'es-MX',
  'es-419': 'es-MX',
  pt: 'pt-BR',
  zh: 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  'zh-hans-cn': 'zh-Hans',
};

/**
 * The strings for a Flex locale tag (manager.localization.localeTag), matched case-insensitively,
 * then by alias, then by language; unknown locales get en-US. Missing ids never happen: each
 * locale is a complete StringSet.
 */
export function stringsForLocale(localeTag: string | undefined): StringSet {
  if (!localeTag) return enUS;
  const tag = localeTag.replace('_', '-').toLowerCase();
  const exact = Object.keys(LOCALES).find((key) => key.toLowerCase() === tag);
  if (exact) return LOCALES[exact] ?? enUS;
  const alias = ALIASES[tag] ?? ALIASES[tag.split('-')[0] ?? ''];
  return (alias && LOCALES[alias]) || enUS;
}
