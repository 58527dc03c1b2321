import type { FunctionsNode } from './gateway/functions-runtime';
import { resolveFunctionsNode } from './gateway/functions-runtime';
import type { RunningGateway } from './gateway/server';
import { startGateway } from './gateway/server';
import type { GatewaySettings } from './gateway/settings';
import { isGatewayEnabled } from './gateway/settings';
import type { TwilioRunProcess } from './gateway/twilio-run';
import { startTwilioRun } from './gateway/twilio-run';
import { freePort } from './free-port';
import { packageRoot } from './functions-package';

/** Options for {@link startFunctions}. */
export interface FunctionsOptions {
  /** The Functions folder (absolute, or relative to the package). */
  functionsFolder: string;
  /** twilio-run's --env file: the Functions' whole environment. */
  envFile: string;
  /** The port clients call: the gateway's, or twilio-run's when the gateway is off. */
  port: number;
  forkProcess: boolean;
  live: boolean;
  /** The gateway: on (settings over Twilio's limits and the GATEWAY_* environment) or off (`false`). */
  gateway?: boolean | Partial<GatewaySettings>;
  /** twilio-run's own process environment (default: this process's). */
  processEnv?: NodeJS.ProcessEnv;
  inheritOutput?: boolean;
}

/** The Functions as clients reach them. */
export interface RunningFunctions {
  /** What clients call: the gateway, or twilio-run when the gateway is off. */
  url: string;
  /** twilio-run itself (the dev server's request shape: Host and all). */
  twilioRunUrl: string;
  /** twilio-run's process id (its CPU time is the benchmark's). */
  twilioRunPid: number | undefined;
  gateway: RunningGateway | undefined;
  /** The Node the Functions run on. */
  node: FunctionsNode;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Runs the Functions as they run deployed: twilio-run on Node 22 (the runtime the deploy names),
 * behind the local gateway, which is on unless `gateway: false` or FUNCTIONS_GATEWAY=off. Refuses to
 * start, saying why, when no Node 22 is found.
 */
export async function startFunctions(options: FunctionsOptions): Promise<RunningFunctions> {
  const node = resolveFunctionsNode();
  if (!node.ok) throw new Error(node.problem);
  const gatewayOn = options.gateway === undefined ? isGatewayEnabled() : options.gateway !== false;
  const twilioRunPort = gatewayOn ? await freePort() : options.port;
  const functions: TwilioRunProcess = await startTwilioRun({
    node: node.node.path,
    cwd: packageRoot(),
    functionsFolder: options.functionsFolder,
    port: twilioRunPort,
    envFile: options.envFile,
    forkProcess: options.forkProcess,
    live: options.live,
    env: options.processEnv,
    inheritOutput: options.inheritOutput,
  });
  let gateway: RunningGateway | undefined;
  if (gatewayOn) {
    try {
      gateway = await startGateway({
        upstream: { host: '127.0.0.1', port: twilioRunPort },
        port: options.port,
        settings: typeof options.gateway === 'object' ? options.gateway : {},
      });
    } catch (error) {
      await functions.stop();
      throw error;
    }
  }
  return {
    url: gateway?.url ?? functions.url,
    twilioRunUrl: functions.url,
    twilioRunPid: functions.pid,
    gateway,
    node: node.node,
    logs: () => functions.logs(),
    stop: async () => {
      await gateway?.close();
      await functions.stop();
    },
  };
}
