import type { StandInFlex } from './flexSurface.js';

/**
 * Sets `window.Twilio.Flex`, where a plugin bundle looks Flex up (through
 * `window.Twilio.FlexProxy[<plugin>]` first, which the stand-in leaves unset). Flex's d.ts types
 * `window.Twilio` as the whole of Flex; the stand-in is the subset in flexSurface.ts.
 */
export function installFlexGlobal(flex: StandInFlex): void {
  Reflect.set(window, 'Twilio', { Flex: flex });
}
