import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { startStack } from './stack';
import type { Stack } from './stack';

/** Compiles the probe fixture into a temp functions folder, as tsc would for real Functions. */
function compileProbe(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dcr-probe-'));
  const source = readFileSync(path.join(__dirname, 'fixtures', 'probe.ts'), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  writeFileSync(path.join(dir, 'probe.js'), out.outputText);
  return dir;
}

describe.each([false, true])('startStack (forkProcess: %s)', (forkProcess) => {
  let stack: Stack;
  let folder: string;

  beforeAll(async () => {
    folder = compileProbe();
    stack = await startStack({ forkProcess, functionsFolder: folder });
  }, 40_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs a Function whose twilio SDK, runtime client, fetch and token validator all reach the sandbox', async () => {
    const worker = await stack.sandbox.createWorker();
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    const res = await fetch(`${stack.functionsUrl}/probe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ CallSid: call.customerCallSid, Token: worker.token }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${res.status} ${text}\n${stack.logs()}`);
    expect(JSON.parse(text)).toEqual({
      sdk: 'in-progress',
      runtime: 'in-progress',
      fetch: 'in-progress',
      workerSid: worker.workerSid,
      publicBaseUrl: stack.functionsUrl,
    });
    const hosts = (await stack.sandbox.requests()).map((r) => r.host);
    expect(hosts).toEqual(['api.twilio.com', 'api.twilio.com', 'api.twilio.com', 'iam.twilio.com']);
  }, 20_000);
});
