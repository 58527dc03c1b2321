/**
 * Entry point of `dual-channel-recordings` (bin/dual-channel-recordings.js): parse, configure,
 * run, print, and answer an exit code (see exit-codes.ts). No sandbox branch: the sandbox is
 * reached through NODE_OPTIONS/TWILIO_SANDBOX_URL like every other Twilio client in this repo.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { USAGE, parseCommand } from './args';
import { parseTwilioConfig, withEnvFile } from './config';
import { CliError, ConfigError, UsageError, failureReportOf } from './errors';
import { auditToJson, auditToText } from './audit/report';
import { runAudit } from './audit/run';
import { accessLogToJson, accessLogToText, readAccessLog } from './access-log/read-log';
import { accessLogServiceSid, createSyncLog } from './access-log/sync-log';
import { cliActor, runHold } from './access-log/holds';
import { purgeToJson, purgeToText, runPurge } from './purge/run';
import { erasureSummary, runErasure } from './erase/run';
import { createErasureTwilio } from './erase/twilio-erase';
import type { TwilioRetryEvent } from './retry';
import { ExitCode } from './exit-codes';
import { Limiter } from './limiter';
import { createProgress } from './progress';
import { toJson, toText } from './report';
import { DEFAULT_RETRY } from './retry';
import { NO_ANSWER, TwilioApiError } from '@dual-channel-recording/contract';
import { runDownload } from './run';
import { createTwilioGateway } from './twilio-gateway';

/** What main talks to (injectable for tests). */
export interface MainIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Partial<MainIo> = {}): Promise<number> {
  const { env = process.env, cwd = process.cwd(), stdout = process.stdout, stderr = process.stderr } = io;
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    stderr.write('\nInterrupted: finishing recordings in flight (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  try {
    const command = parseCommand(argv);
    if (command.command === 'help') {
      stdout.write(`${USAGE}\n`);
      return ExitCode.Ok;
    }
    if (command.command === 'version') {
      stdout.write(`${version()}\n`);
      return ExitCode.Ok;
    }
    const envFile = command.envFile ? path.resolve(cwd, command.envFile) : path.join(cwd, '.env');
    const config = parseTwilioConfig(
      withEnvFile(env, envFile, command.envFile !== null),
      command.command === 'audit' ||
        command.command === 'purge' ||
        command.command === 'erase' ||
        (command.command === 'download' && command.taskSids.length > 0),
    );
    if (command.command === 'erase') {
      const serviceSid = accessLogServiceSid(withEnvFile(env, envFile, command.envFile !== null));
      const reportFile = path.resolve(
        cwd,
        command.reportFile ?? `erasure-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      if (existsSync(reportFile)) throw new UsageError(`${reportFile} exists: name a new --report file`);
      const onRetry = (event: TwilioRetryEvent, what: string): void => {
        stderr.write(`! ${what}: HTTP ${event.error.status}; retry ${event.attempt}\n`);
      };
      const limiter = new Limiter(4);
      try {
        const report = await runErasure(command, {
          gateway: createTwilioGateway(config, { limiter, retry: DEFAULT_RETRY, onRetry }),
          erasure: createErasureTwilio(config, { limiter, onRetry }),
          sync: createSyncLog(config, serviceSid, { limiter, onRetry }),
          actor: cliActor(),
        });
        // The one place the number is written: the report the admin asked for, readable by its owner only.
        writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
        stdout.write(erasureSummary(report, reportFile));
        return report.exitCode;
      } catch (err) {
        if (err instanceof TwilioApiError) {
          // Status and code only: Twilio's message may echo the number it was asked about.
          const code = err.code === undefined ? '' : ` / ${err.code}`;
          stderr.write(
            `dual-channel-recordings: erase: Twilio's records could not be read: HTTP ${err.status}${code}\n`,
          );
          return ExitCode.Source;
        }
        throw err;
      }
    }
    if (command.command === 'hold' || command.command === 'purge') {
      const serviceSid = accessLogServiceSid(withEnvFile(env, envFile, command.envFile !== null));
      const onRetry = (event: TwilioRetryEvent, what: string): void => {
        stderr.write(`! ${what}: HTTP ${event.error.status}; retry ${event.attempt}\n`);
      };
      const sync = createSyncLog(config, serviceSid, { limiter: new Limiter(4), onRetry });
      try {
        if (command.command === 'hold') {
          stdout.write(await runHold(command, sync));
          return ExitCode.Ok;
        }
        const gateway = createTwilioGateway(config, {
          limiter: new Limiter(4),
          retry: DEFAULT_RETRY,
          onRetry,
        });
        const exportDir = command.exportDir === null ? null : path.resolve(cwd, command.exportDir);
        const report = await runPurge({ ...command, exportDir }, { gateway, sync, actor: cliActor() });
        stdout.write(command.json ? purgeToJson(report) : purgeToText(report));
        return report.exitCode;
      } catch (err) {
        if (err instanceof TwilioApiError) {
          stderr.write(
            `dual-channel-recordings: ${command.command}: Twilio's records could not be read: ${err.message}\n`,
          );
          return ExitCode.Source;
        }
        throw err;
      }
    }
    if (command.command === 'access-log') {
      const sync = createSyncLog(
        config,
        accessLogServiceSid(withEnvFile(env, envFile, command.envFile !== null)),
        {
          limiter: new Limiter(4),
          onRetry: (event, what) =>
            stderr.write(`! ${what}: HTTP ${event.error.status}; retry ${event.attempt}\n`),
        },
      );
      let report;
      try {
        report = await readAccessLog(sync, command);
      } catch (err) {
        if (err instanceof TwilioApiError) {
          stderr.write(`dual-channel-recordings: access-log: the log could not be read: ${err.message}\n`);
          return ExitCode.Source;
        }
        throw err;
      }
      stdout.write(command.json ? accessLogToJson(report) : accessLogToText(report));
      return report.exitCode;
    }
    if (command.command === 'audit') {
      const gateway = createTwilioGateway(config, {
        limiter: new Limiter(command.concurrency),
        retry: DEFAULT_RETRY,
        onRetry: (event, what) =>
          stderr.write(`! ${what}: HTTP ${event.error.status}; retry ${event.attempt}\n`),
      });
      let report;
      try {
        report = await runAudit(gateway, command.since, command.until, config.sealSecret);
      } catch (err) {
        if (err instanceof TwilioApiError) {
          stderr.write(
            `dual-channel-recordings: audit: Twilio's records could not be read: ${err.message}\n`,
          );
          return ExitCode.Source;
        }
        throw err;
      }
      stdout.write(command.json ? auditToJson(report) : auditToText(report));
      return report.exitCode;
    }

    let retries = 0;
    const progress = createProgress(stderr, command.progress);
    const gateway = createTwilioGateway(config, {
      limiter: new Limiter(command.concurrency),
      retry: DEFAULT_RETRY,
      onRetry: (event, what) => {
        retries++;
        const e = event.error;
        const why =
          e.status === NO_ANSWER
            ? 'no answer'
            : `HTTP ${e.status}${e.code === undefined ? '' : ` / ${e.code}`}`;
        progress.log(`! ${what}: ${why}; retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`);
      },
    });

    process.on('SIGINT', onSigint);
    const report = await runDownload(command, {
      gateway,
      progress,
      cwd,
      signal: controller.signal,
      retries: () => retries,
    });
    stdout.write(command.json ? toJson(report) : toText(report));
    return report.exitCode;
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`dual-channel-recordings: ${err.message}\n\n${USAGE}\n`);
      return ExitCode.Usage;
    }
    if (err instanceof ConfigError) {
      stderr.write(`dual-channel-recordings: configuration: ${err.message}\n`);
      return ExitCode.Config;
    }
    if (err instanceof CliError || err instanceof TwilioApiError) {
      stderr.write(`dual-channel-recordings: ${failureReportOf(err).reason}: ${err.message}\n`);
      return ExitCode.RecordingsFailed;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
