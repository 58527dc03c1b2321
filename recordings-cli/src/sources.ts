/** Turns the command line's SIDs, tasks and time range into one list of recordings, each once. */
import type { DownloadOptions } from './args';
import type { RecordingJob } from './process-recording';
import { recordingsFromTaskAttributes } from './task-media';
import type { TwilioGateway } from './twilio-gateway';

/** A source that named nothing, or failed: reported, and the run's exit code says so. */
export interface SourceProblem {
  source: string;
  message: string;
  code: number | null;
  status: number | null;
}

/** Recordings to process, plus the sources that could not be read. */
export interface ResolvedJobs {
  jobs: RecordingJob[];
  problems: SourceProblem[];
}

function problem(source: string, err: unknown): SourceProblem {
  const e = err as { message?: unknown; code?: unknown; status?: unknown };
  return {
    source,
    message: typeof e.message === 'string' ? e.message : String(err),
    code: typeof e.code === 'number' ? e.code : null,
    status: typeof e.status === 'number' ? e.status : null,
  };
}

/**
 * Collects the recordings; a later mention adds roles an earlier one lacked, and says who named it:
 * the user (a SID or a time range) or a task's attributes (which `--delete-after` does not trust).
 */
export async function resolveJobs(
  options: Pick<DownloadOptions, 'recordingSids' | 'taskSids' | 'since' | 'until'>,
  gateway: TwilioGateway,
): Promise<ResolvedJobs> {
  const bySid = new Map<string, RecordingJob>();
  const add = (job: RecordingJob): void => {
    const seen = bySid.get(job.recordingSid);
    if (!seen) bySid.set(job.recordingSid, job);
    else {
      seen.roles ??= job.roles;
      seen.meta ??= job.meta;
      seen.explicit ||= job.explicit;
      for (const taskSid of job.tasks) if (!seen.tasks.includes(taskSid)) seen.tasks.push(taskSid);
    }
  };
  const problems: SourceProblem[] = [];

  for (const sid of options.recordingSids) add({ recordingSid: sid, roles: null, explicit: true, tasks: [] });
  for (const taskSid of options.taskSids) {
    try {
      const refs = recordingsFromTaskAttributes(await gateway.fetchTaskAttributes(taskSid));
      if (refs.length === 0)
        problems.push({
          source: taskSid,
          message: 'the task attributes name no recording',
          code: null,
          status: null,
        });
      for (const ref of refs)
        add({ recordingSid: ref.recordingSid, roles: ref.roles, explicit: false, tasks: [taskSid] });
    } catch (err) {
      problems.push(problem(taskSid, err));
    }
  }
  if (options.since || options.until) {
    const range = `${options.since?.toISOString() ?? '…'}..${options.until?.toISOString() ?? '…'}`;
    try {
      const listed = await gateway.listRecordings({ since: options.since, until: options.until });
      for (const meta of listed)
        add({ recordingSid: meta.sid, roles: null, meta, explicit: true, tasks: [] });
    } catch (err) {
      problems.push(problem(range, err));
    }
  }
  return { jobs: [...bySid.values()], problems };
}
