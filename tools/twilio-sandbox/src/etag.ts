/**
 * TaskRouter task versions. Twilio sends the version in the `ETag` header and accepts it back in
 * `If-Match`; a mismatch fails with 412 / 20412. The sandbox's version is a revision counter that
 * every write bumps (ours or a "concurrent writer" from the control API).
 */

/** The ETag header value for a revision. */
export function formatEtag(revision: number): string {
  return String(revision);
}

/**
 * True when the update may proceed: no `If-Match`, `*`, or a value naming the current revision.
 * Quotes and a weak `W/` prefix are tolerated, since HTTP clients add them.
 */
export function ifMatchSatisfied(ifMatch: string | undefined, revision: number): boolean {
  if (ifMatch === undefined || ifMatch.trim() === '') return true;
  return ifMatch
    .split(',')
    .map((v) =>
      v
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .some((v) => v === '*' || v === formatEtag(revision));
}
