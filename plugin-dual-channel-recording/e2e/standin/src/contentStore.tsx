import type * as Flex from '@twilio/flex-ui';
import type { ReactElement } from 'react';

import type { StandInContentStore } from './flexSurface.js';
import { React } from './react.js';

type FragmentOptions = NonNullable<Parameters<typeof Flex.CallCanvas.Content.add>[1]>;

interface Fragment {
  readonly element: ReactElement;
  readonly options: FragmentOptions;
}

/** A programmable component's `Content` plus what the stand-in needs to render it. */
export interface RenderableContentStore extends StandInContentStore {
  /** Renders the added fragments in `sortOrder`, each given the component's props (the task). */
  render(props: Readonly<Record<string, unknown>>): JSX.Element;
  /** Calls `listener` when fragments are added or removed (the page re-renders). */
  subscribe(listener: () => void): () => void;
}

/** Creates a `DynamicContentStore` like Flex's `CallCanvas.Content`. */
export function createContentStore(name: string): RenderableContentStore {
  let fragments: Fragment[] = [];
  const listeners = new Set<() => void>();
  const changed = (): void => [...listeners].forEach((listener) => listener());
  const keyOf = (fragment: Fragment): React.Key | null => fragment.element.key;
  return {
    add(child, options = {}) {
      const fragment: Fragment = { element: child, options };
      fragments = [...fragments, fragment];
      changed();
      return () => {
        fragments = fragments.filter((f) => f !== fragment);
        changed();
      };
    },
    remove(key) {
      const removed = fragments.filter((f) => keyOf(f) === key);
      fragments = fragments.filter((f) => keyOf(f) !== key);
      changed();
      return () => {
        fragments = [...fragments, ...removed];
        changed();
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    render(props) {
      const shown = fragments
        .filter((f) => (f.options.if ? f.options.if(props) : true))
        .sort((a, b) => (a.options.sortOrder ?? 0) - (b.options.sortOrder ?? 0));
      return (
        <div className={`standin-content standin-content-${name}`} data-content-store={name}>
          {shown.map((f, index) =>
            React.cloneElement(f.element, {
              key: f.element.key ?? index,
              ...(f.options.noChildProps ? {} : props),
            }),
          )}
        </div>
      );
    },
  };
}
