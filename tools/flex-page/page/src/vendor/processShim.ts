/**
 * Node's `process` for the browser bundles (esbuild injects this file where code reads `process`): some of
 * Flex UI's dependencies read `process.browser`, `process.env` or call `process.nextTick`.
 */
export const process = {
  browser: true,
  env: { NODE_ENV: 'production' } as Record<string, string | undefined>,
  platform: 'browser',
  version: '',
  versions: {} as Record<string, string>,
  argv: [] as string[],
  cwd: (): string => '/',
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]): void =>
    queueMicrotask(() => callback(...args)),
};
