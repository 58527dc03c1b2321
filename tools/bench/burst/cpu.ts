import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (100 on Linux nearly always; asked once). */
const TICKS_PER_SECOND = ((): number => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, ms) a process has used so far, its reaped children's included, from
 * /proc/<pid>/stat; undefined where there is no /proc or the process is gone.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * This process's CPU time so far (ms), every thread counted: the sandbox and the gateway (main thread)
 * and the simulated browsers (their own thread during a burst).
 */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Time (ms) so far during which at least one runnable task on this machine waited for a CPU (Linux
 * pressure stall information, /proc/pressure/cpu "some"); undefined where the kernel does not report it.
 * Over a burst, its share of the wall time says how much of the run other work kept off the 2 cores.
 */
export function cpuPressureMs(): number | undefined {
  try {
    const some = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? Number(some[1]) / 1000 : undefined;
  } catch {
    return undefined;
  }
}
