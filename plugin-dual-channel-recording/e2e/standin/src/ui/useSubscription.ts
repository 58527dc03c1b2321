import { React } from '../react.js';

/** Something a component can follow: it calls the listener on change and returns an unsubscribe. */
export type Subscribe = (listener: () => void) => () => void;

/** Re-renders the component whenever any of `sources` changes. */
export function useSubscriptions(...sources: readonly Subscribe[]): void {
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const bump = (): void => setTick((n) => n + 1);
    const unsubscribes = sources.map((subscribe) => subscribe(bump));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
    // The sources are fixed for the page's lifetime.
  }, []);
}
