/**
 * What the Event Streams events of one delivery told the sink about one task, split by who wrote it.
 * TaskRouter writes the task's assignment status and queue into every TaskRouter event it publishes
 * (`task_assignment_status`, `task_queue_sid`, `task_queue_name` in the payload of
 * https://www.twilio.com/docs/events/event-types/taskrouter/task); an agent cannot write them. The
 * attributes (`task_attributes`) are the agent's to write, so they may add a sealed version to look
 * in, never decide that nothing runs (event-hints.ts). A fact an event did not carry is undefined,
 * and the check that needs it reads the task instead of guessing.
 */

/** A queue a TaskRouter event said the task was in. */
export interface QueueSeen {
  sid: string;
  name: string;
}

/** The facts of one task's events in a delivery. */
export interface EventFacts {
  /** The latest task attributes the events carried (agent-writable: one more version to look in). */
  attributes?: Record<string, unknown> | undefined;
  /**
   * The task's assignment status after its task-level end events (`task.wrapup`, `task.completed`,
   * `task.canceled`): an ended status when one of them carried it (ended is for good), else the status
   * they carried; undefined when one of them carried none (read the task).
   */
  taskStatus?: string | undefined;
  /** The queues the queue events said the task was in; undefined when one of them carried no queue (read the task). */
  queues?: readonly QueueSeen[] | undefined;
}
