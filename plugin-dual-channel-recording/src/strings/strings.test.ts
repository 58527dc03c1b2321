import { enUS, LOCALES, StringTemplates, stringsForLocale } from '.';
import { formatTemplate } from './format';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('strings', () => {
  it('ships en-US, es-MX, es-ES, pt-BR and zh-Hans', () => {
    expect(Object.keys(LOCALES).sort()).toEqual(['en-US', 'es-ES', 'es-MX', 'pt-BR', 'zh-Hans']);
  });

  it.each(Object.entries(LOCALES))(
    '%s translates every id with the same placeholders as en-US',
    (_tag, strings) => {
      for (const id of Object.values(StringTemplates)) {
        expect(strings[id]).toBeTruthy();
        expect(placeholders(strings[id])).toEqual(placeholders(enUS[id]));
      }
    },
  );

  it.each([
    ['es-MX', 'es-MX'],
    ['es-mx', 'es-MX'],
    ['es-ES', 'es-ES'],
    ['es', 'es-MX'],
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['zh-CN', 'zh-Hans'],
    ['zh-Hans', 'zh-Hans'],
    ['en-GB', 'en-US'],
    ['fr-FR', 'en-US'],
    [undefined, 'en-US'],
  ])('locale %s uses %s strings', (tag, expected) => {
    expect(stringsForLocale(tag)).toBe(LOCALES[expected]);
  });

  it('fills placeholders and leaves unknown ones empty', () => {
    expect(formatTemplate('a {{x}} b {{ y }} {{z}}', { x: 1, y: 'two' })).toBe('a 1 b two ');
  });
});
