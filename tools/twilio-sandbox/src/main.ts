import { parseConcurrencySetting, SANDBOX_CONCURRENCY_ENV } from './concurrency';
import { startSandbox } from './server';

/** CLI: `node dist/main.js [--port 4010] [--host 127.0.0.1]` (`npm start -w @dual-channel-recording/twilio-sandbox`). */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const limit = parseConcurrencySetting(process.env[SANDBOX_CONCURRENCY_ENV]);
  if (!limit.ok) throw new Error(limit.problem);
  const sandbox = await startSandbox({
    port: Number(value('--port') ?? 4010),
    host: value('--host'),
    maxConcurrency: limit.limit,
  });
  console.log(`Twilio sandbox listening on ${sandbox.url}`);
  console.log(
    `  REST requests in flight per account: ${limit.limit ?? 'no limit'} (${SANDBOX_CONCURRENCY_ENV})`,
  );
  console.log(`  ACCOUNT_SID=${sandbox.accountSid}`);
  console.log(`  AUTH_TOKEN=${sandbox.authToken}`);
  console.log(`  TWILIO_WORKSPACE_SID=${sandbox.workspaceSid}`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
