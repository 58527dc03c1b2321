/** Logs an error the first time its cause is seen, and stays quiet for repeats of the same cause. */
export type ReportOnce = (where: string, error: unknown) => void;

/**
 * Creates a {@link ReportOnce}. Code of ours that runs inside Flex (its store's dispatch, its render)
 * must not throw into Flex, and must not flood the console either: a broken task or channel can fail
 * the same way on every Flex dispatch, many times a second. The cause is the place plus the error's
 * name and message.
 */
export function createReportOnce(log: Pick<Console, 'error'>, tag: string): ReportOnce {
  const seen = new Set<string>();
  return (where, error) => {
    const cause = `${where}\u0000${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    if (seen.has(cause)) return;
    seen.add(cause);
    log.error(`${tag} ${where} failed; Flex carries on (logged once per cause)`, error);
  };
}
