/** A listener of {@link Emitter}. */
export type Listener = (...args: never[]) => void;

/**
 * The part of Node's EventEmitter that Twilio's SDK objects (TaskRouter reservations and tasks, Voice SDK
 * calls) expose and Flex calls (`on`, `addListener`, `removeListener`, `emit`). Written here so the driver
 * runs unchanged in a browser bundle, where Node's `events` module is not there.
 */
export class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  /** Adds a listener for `event`. */
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Same as {@link on} (Node's alias, which Flex uses). */
  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Removes one registration of `listener` for `event`. */
  removeListener(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    const at = list.indexOf(listener);
    if (at >= 0) this.listeners.set(event, [...list.slice(0, at), ...list.slice(at + 1)]);
    return this;
  }

  /** Same as {@link removeListener}. */
  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** Calls every listener of `event` in registration order; true when there was one. */
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    // Listeners are typed by their owners; the emitter only forwards what it was given.
    list.forEach((listener) => (listener as (...forwarded: unknown[]) => void)(...args));
    return list.length > 0;
  }
}
