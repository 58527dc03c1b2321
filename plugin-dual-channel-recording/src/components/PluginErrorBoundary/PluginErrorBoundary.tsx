import React from 'react';
import type { ComponentType, ErrorInfo, ReactNode } from 'react';

import type { ReportOnce } from '../../recording/reportOnce';

/** Props: what to guard, and where its error goes. */
export interface PluginErrorBoundaryProps {
  /** Names the component in the log line. */
  readonly name: string;
  readonly report: ReportOnce;
  readonly children?: ReactNode;
}

/**
 * Catches a render error of one of our components, so it takes only that component off the screen:
 * Flex's own error boundary around the call canvas would otherwise unmount the whole canvas (Mute,
 * Transfer, Hang up) for the rest of the task. The component is tried again when its task changes.
 */
export class PluginErrorBoundary extends React.Component<
  PluginErrorBoundaryProps & { readonly resetKey?: string },
  { readonly failed: boolean; readonly resetKey?: string }
> {
  override state: { readonly failed: boolean; readonly resetKey?: string } = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  static getDerivedStateFromProps(
    props: { readonly resetKey?: string },
    state: { readonly failed: boolean; readonly resetKey?: string },
  ): { failed: boolean; resetKey?: string } | null {
    // Another task selected: its component gets a fresh try.
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, _info: ErrorInfo): void {
    this.props.report(`rendering ${this.props.name}`, error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

/**
 * Wraps a component we add to Flex in a {@link PluginErrorBoundary}, passing on the props Flex gives
 * its children (`task`, ...). The task's reservation SID resets the boundary.
 */
export function guarded<P extends object>(
  Component: ComponentType<P>,
  name: string,
  report: ReportOnce,
): ComponentType<P> {
  function Guarded(props: P): JSX.Element {
    const task = (props as { readonly task?: { readonly sid?: string } }).task;
    return (
      <PluginErrorBoundary name={name} report={report} resetKey={task?.sid}>
        <Component {...props} />
      </PluginErrorBoundary>
    );
  }
  Guarded.displayName = `Guarded(${name})`;
  return Guarded;
}
