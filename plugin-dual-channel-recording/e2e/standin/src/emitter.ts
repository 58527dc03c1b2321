/** A listener of a named event; Flex passes the event's arguments (a task, an action payload, ...). */
export type Listener = (...args: never[]) => void;

/** A minimal event emitter: the browser has no node `events`, and Flex's emitters are node-style. */
export class Emitter {
  private readonly listeners = new Map<string | symbol, Set<Listener>>();

  /** Adds a listener for `event`. */
  addListener(event: string | symbol, listener: Listener): void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
  }

  /** Removes a listener added with {@link addListener}. */
  removeListener(event: string | symbol, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Calls every listener of `event`; one that throws is logged and does not stop the others. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        console.error(`[flex-stand-in] a "${event}" listener threw`, error);
      }
    }
  }

  /** How many listeners `event` has (shown on the page so a person sees what the plugin hooked). */
  count(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
