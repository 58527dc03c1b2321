/**
 * The local stack for every test of a file: started once, the sandbox reset before each test. Without
 * forking, twilio-run keeps its modules loaded between requests as a deployed, warm instance does (the
 * validated-token and Flex configuration caches included).
 */
import type { Stack, StackOptions } from '@dual-channel-recording/local-stack';
import { startStack } from '@dual-channel-recording/local-stack';

/** Starts the stack before the file's tests (`use` receives it), stops it after, resets the sandbox before each. */
export function withStack(use: (stack: Stack) => void, options: StackOptions = {}): void {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({ forkProcess: false, ...options });
    use(stack);
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });
  beforeEach(async () => {
    await stack?.sandbox.reset();
  });
}
