/** The Twilio Functions runtime the deploy names (`--runtime`) and the local Functions run on. */
export const FUNCTIONS_RUNTIME = 'node22';

/** The Node major of {@link FUNCTIONS_RUNTIME}. */
export const FUNCTIONS_NODE_MAJOR = 22;

/**
 * The lowest `@twilio/runtime-handler` each runtime accepts, as Twilio documents it: 1.2.0 is the
 * first that passes request headers to a Function (Headers and cookies page); node24 needs 2.1.2
 * (changelog 2026-07-08). Twilio documents no other floor for node22.
 */
export const RUNTIME_HANDLER_FLOOR: Readonly<Record<'node22' | 'node24', string>> = {
  node22: '1.2.0',
  node24: '2.1.2',
};
