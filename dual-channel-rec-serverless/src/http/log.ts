/** Structured, secret-free log lines (SIDs and codes only: no tokens, no phone numbers). */
export type LogFn = (event: string, fields: Record<string, string | number | boolean | undefined>) => void;

/** A logger writing one JSON line per event, tagged with the Function's name. */
export function jsonLogger(fn: string): LogFn {
  return (event, fields) => {
    console.log(JSON.stringify({ fn, event, ...fields }));
  };
}
