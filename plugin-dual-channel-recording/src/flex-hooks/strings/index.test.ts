import type * as Flex from '@twilio/flex-ui';

import { agentLocale } from '.';

/** A Manager with what agentLocale reads. */
const managerWith = (
  localization: (() => { localeTag?: string; localeSource?: string }) | undefined,
  language?: string,
): Flex.Manager =>
  ({
    get localization() {
      return localization?.();
    },
    configuration: { language },
  }) as unknown as Flex.Manager;

describe('agentLocale', () => {
  it("uses the configured language when Flex's localization did not choose (source 'flex default')", () => {
    expect(
      agentLocale(managerWith(() => ({ localeTag: 'en-US', localeSource: 'flex default' }), 'pt-BR')),
    ).toBe('pt-BR');
  });

  it("follows Flex's localization when it chose a locale (user preference over the configured language)", () => {
    expect(
      agentLocale(managerWith(() => ({ localeTag: 'es-ES', localeSource: 'user preference' }), 'pt-BR')),
    ).toBe('es-ES');
  });

  it("keeps Flex's default when nothing else is set, and the language when localization throws", () => {
    expect(agentLocale(managerWith(() => ({ localeTag: 'en-US', localeSource: 'flex default' })))).toBe(
      'en-US',
    );
    const throwing = managerWith(() => {
      throw new Error('no localization manager');
    }, 'zh-Hans');
    expect(agentLocale(throwing)).toBe('zh-Hans');
  });
});
