import type { StandInFlex } from './flexSurface.js';
import { Emitter } from './emitter.js';

/** What an action does; the payload is the action's own (Flex types it `any`). */
export type ActionImpl = (payload: Readonly<Record<string, unknown>>) => Promise<void>;

/**
 * Flex's `Actions`: `invokeAction(name, payload)` runs the registered implementation between the
 * `before<Name>` and `after<Name>` events that plugins listen to (e.g. `afterHangupCall`).
 */
export function createActions(): StandInFlex['Actions'] {
  const events = new Emitter();
  const registry = new Map<string, ActionImpl>();
  return {
    addListener: (event, listener) => events.addListener(event, listener),
    removeListener: (event, listener) => events.removeListener(event, listener),
    registerAction(name, action) {
      registry.set(name, async (payload) => {
        await action(payload);
      });
    },
    async invokeAction(name, payload) {
      const impl = registry.get(name);
      if (!impl) throw new Error(`[flex-stand-in] action ${name} is not implemented by the stand-in`);
      const args: Readonly<Record<string, unknown>> = { ...(payload ?? {}) };
      let aborted = false;
      events.emit(`before${name}`, args, () => {
        aborted = true;
      });
      if (aborted) return undefined;
      await impl(args);
      events.emit(`after${name}`, args);
      return undefined;
    },
  };
}
