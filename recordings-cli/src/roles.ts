/**
 * Which party is on which channel of a dual-channel recording, and what its file is called.
 *
 * The rule (see the package README, "Recordings CLI"): a dual-channel recording of one call leg has
 * that leg's own party on channel 1 (left) and what the leg hears on channel 2 (right) — Twilio: "the
 * first channel ... contains the parent call and the second channel contains the child call"; Flex's
 * own dual-channel recording of the customer leg is "left channel customer, right channel agent".
 * Flex Insights media entries name the parties per channel in `channels` (e.g. ["customer", "others"]
 * for the customer's leg, ["others", "customer"] for an agent's leg, as our Functions write them), so
 * when a recording comes with that metadata the files are named from it. Without metadata (a bare SID
 * or a time range) the CLI assumes the Flex default, customer left and agent right, and says so.
 */

/** A party whose audio gets its own file with `--split`. */
export type PartyRole = 'customer' | 'agent';

/** Roles of channel 1 and channel 2, and where that knowledge came from. */
export interface ChannelRoles {
  channels: [PartyRole, PartyRole];
  source: 'task-media' | 'task-claim' | 'default';
}

/** Customer left, agent right: Flex's dual-channel layout, used when no metadata says otherwise. */
export const DEFAULT_ROLES: ChannelRoles = { channels: ['customer', 'agent'], source: 'default' };

/** Maps a Flex Insights channel name to a file role: Insights calls every non-customer party "others". */
export function roleOfInsightsChannel(name: unknown): PartyRole | null {
  if (typeof name !== 'string') return null;
  const n = name.trim().toLowerCase();
  if (n === 'customer') return 'customer';
  if (n === 'others' || n === 'agent' || n === 'worker') return 'agent';
  return null;
}

/** Roles from an Insights `channels` array; null unless it names exactly one customer and one agent. */
export function rolesFromInsightsChannels(channels: unknown): [PartyRole, PartyRole] | null {
  if (!Array.isArray(channels) || channels.length !== 2) return null;
  const first = roleOfInsightsChannel(channels[0]);
  const second = roleOfInsightsChannel(channels[1]);
  if (!first || !second || first === second) return null;
  return [first, second];
}
