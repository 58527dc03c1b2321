import type { StandInFlex, StyleObject, StyledProps } from './flexSurface.js';
import { React } from './react.js';

/** Flex's theme as plugins see it; the stand-in has no Paste tokens, so plugins use their fallbacks. */
const THEME: Readonly<Record<string, unknown>> = {};

const kebab = (property: string): string => property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Turns a style object into CSS rules for `selector`; `&...` keys nest under it. */
export function toCss(selector: string, styles: StyleObject): string {
  const declarations: string[] = [];
  const nested: string[] = [];
  for (const [key, value] of Object.entries(styles)) {
    if (typeof value === 'object') nested.push(toCss(key.replace(/&/g, selector), value));
    else declarations.push(`${kebab(key)}:${String(value)}`);
  }
  return [`${selector}{${declarations.join(';')}}`, ...nested].join('\n');
}

const injected = new Map<string, string>();

/** Adds the rules once to a <style> element and returns their class name. */
function classFor(styles: StyleObject): string {
  const key = JSON.stringify(styles);
  const existing = injected.get(key);
  if (existing) return existing;
  const className = `standin-css-${injected.size}`;
  const element = document.createElement('style');
  element.textContent = toCss(`.${className}`, styles);
  document.head.appendChild(element);
  injected.set(key, className);
  return className;
}

/** emotion's `styled(tag)(styleFn)`, reduced to what plugins call: one style function per element. */
export const styled: StandInFlex['styled'] = (tag) => (styleFn) =>
  function Styled({ children, className, ...props }: StyledProps): JSX.Element {
    const generated = classFor(styleFn({ theme: THEME }));
    const classes = [typeof className === 'string' ? className : '', generated].filter(Boolean).join(' ');
    return React.createElement(tag, { ...props, className: classes }, children);
  };
