/** Process exit codes of the recordings CLI (documented in the package README). */
export const ExitCode = {
  /** Every recording was downloaded and verified (or was already verified locally). */
  Ok: 0,
  /** At least one recording failed; each failure is reported with its reason. */
  RecordingsFailed: 1,
  /** audit: at least one conversation was not recorded and the records do not say why. */
  UnexplainedGaps: 1,
  /** audit: a task holds a media entry the Event Streams sink could not repair (no unexplained gap). */
  UnrepairedMedia: 1,
  /** audit: a completed recording has no rightly labelled transcript while Voice Intelligence is on. */
  TranscriptProblems: 1,
  /** The command line could not be understood. */
  Usage: 2,
  /** Credentials or other configuration are missing or invalid. */
  Config: 3,
  /** The recordings to process (audit: TaskRouter's events) could not be found or read. */
  Source: 4,
  /** Interrupted (Ctrl-C): work in flight finished, the rest was not started; rerun to resume. */
  Interrupted: 130,
} as const;
