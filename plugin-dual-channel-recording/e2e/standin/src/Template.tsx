import type * as Flex from '@twilio/flex-ui';
import type { ComponentProps } from 'react';

import { React } from './react.js';
import type { StringsSource } from './templates.js';
import { renderTemplate } from './templates.js';

type TemplateProps = ComponentProps<typeof Flex.Template>;

/** Flex's `<Template code="..." {...context} />`: renders a string id with the other props as context. */
export function createTemplateComponent(strings: StringsSource): (props: TemplateProps) => JSX.Element {
  return function Template({ code, source, className, ...context }: TemplateProps): JSX.Element {
    const text =
      typeof source === 'function'
        ? String(source(context))
        : renderTemplate((typeof code === 'string' && strings()[code]) || String(code ?? ''), context);
    return <span className={className}>{text}</span>;
  };
}
