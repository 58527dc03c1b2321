/**
 * Compile-time contract between the sandbox's control API and the Flex page, which keeps its own copy
 * of the fields it reads (the page is bundled for the browser on its own). If the sandbox's `StateView`
 * changes in a way the page would misread, this assignment stops compiling.
 */
import type { StateView } from '@dual-channel-recording/twilio-sandbox';
import type { SandboxView } from '../page/src/sandboxView';

/** The sandbox's state, as the page reads it. */
export const asSandboxView = (state: StateView): SandboxView => state;
