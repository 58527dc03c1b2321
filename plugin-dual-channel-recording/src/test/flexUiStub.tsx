/**
 * Test stand-in for the parts of `@twilio/flex-ui` the plugin imports as values: `Template`,
 * `templates` and `styled`. Strings render from our en-US set, so tests assert on real text.
 */
import React from 'react';

import { enUS } from '../strings/en-US';
import { formatTemplate } from '../strings/format';

const strings: Readonly<Record<string, string>> = enUS;

/** Compiled templates, like Flex's `templates[code](context)`. */
export const templates: Record<string, (context?: Record<string, string | number>) => string> =
  Object.fromEntries(
    Object.entries(strings).map(([code, text]) => [code, (context = {}) => formatTemplate(text, context)]),
  );

/** Renders `strings[code]` with the other props as context, like Flex's Template. */
export function Template({
  code,
  ...context
}: { code: string } & Record<string, string | number>): JSX.Element {
  return <span>{formatTemplate(strings[code] ?? code, context)}</span>;
}

/** emotion-like `styled(tag)(styles)`: renders the tag with its props, ignores the styles. */
export function styled<T extends 'div' | 'span' | 'button'>(tag: T) {
  return function withStyles(_styles: unknown) {
    return function Styled(props: JSX.IntrinsicElements[T]): JSX.Element {
      return React.createElement(tag, props);
    };
  };
}
