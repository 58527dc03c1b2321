/**
 * Reads back what a rendered chart holds, for the chart tests: Vega writes each drawn item with an
 * ARIA role description (its mark type) and an ARIA label naming its fields and values
 * ("ms: 120; part: our share").
 */

/** One drawn item: its mark type and its fields as written in its label. */
export interface SvgItem {
  readonly mark: string;
  readonly fields: Readonly<Record<string, string>>;
}

const ITEM =
  /<(?:path|line|text|rect|circle)\b[^>]*?aria-label="([^"]*)"[^>]*?aria-roledescription="([^"]*)"/g;

const unescape = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every labelled item of the data marks (axes and legends carry no item labels). */
export function svgItems(svg: string): SvgItem[] {
  return [...svg.matchAll(ITEM)].map(([, label, mark]) => ({
    mark: unescape(mark),
    fields: Object.fromEntries(
      unescape(label)
        .split('; ')
        .map((pair) => {
          const at = pair.indexOf(': ');
          return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 2)];
        }),
    ),
  }));
}
