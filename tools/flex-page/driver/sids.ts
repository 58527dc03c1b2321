/**
 * Twilio SIDs for the driver's calls and tasks: the resource's two-letter prefix and 32 hex digits, as
 * Twilio's OpenAPI files require (`^WT[0-9a-fA-F]{32}$`, ...). A counter per session keeps them unique
 * and readable in failures (WT…0001, WR…0002).
 */
export function createSidFactory(): (prefix: SidPrefix) => string {
  let next = 0;
  return (prefix) => {
    next += 1;
    return `${prefix}${next.toString(16).padStart(32, '0')}`;
  };
}

/** The SID prefixes the driver hands out. */
export type SidPrefix =
  | 'AC' // account
  | 'WS' // TaskRouter workspace
  | 'WK' // worker
  | 'WA' // activity
  | 'WT' // task
  | 'WR' // reservation
  | 'WQ' // task queue
  | 'WW' // workflow
  | 'TC' // task channel
  | 'TT' // transfer
  | 'CA' // call
  | 'CF' // conference
  | 'KD' // Flex interaction
  | 'UO' // interaction channel
  | 'UT'; // interaction channel participant
