import { SandboxClient } from './client';
import { installSandboxRouting } from './preload';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

/** A test file's sandbox: its server, its control client, and this process's *.twilio.com routed to it. */
export interface RoutedSandbox {
  sandbox: RunningSandbox;
  control: SandboxClient;
}

/**
 * Starts one sandbox for the test file with this process's Twilio traffic routed to it, resets it
 * before each test and fails a test that made the sandbox record a defect (an answer breaking
 * Twilio's schema). Read the fields inside tests, not at import.
 */
export function useRoutedSandbox(): RoutedSandbox {
  const routed = {} as RoutedSandbox;
  let uninstall: () => void;
  beforeAll(async () => {
    routed.sandbox = await startSandbox();
    routed.control = new SandboxClient(routed.sandbox.url);
    uninstall = installSandboxRouting(routed.sandbox.url);
  });
  afterAll(async () => {
    uninstall();
    await routed.sandbox.close();
  });
  beforeEach(async () => {
    await routed.control.reset();
  });
  afterEach(() => expect(routed.sandbox.defects).toEqual([]));
  return routed;
}
