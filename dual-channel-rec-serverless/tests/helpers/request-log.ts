/** Reading the sandbox's request log in tests: each Twilio request as the kind of request it is. */

/**
 * `/v1/Workspaces/WS…/Tasks/WT…/Reservations` → `Tasks/Reservations`,
 * `/2010-04-01/Accounts/AC…/Calls/CA….json` → `Calls`: the kind of request, SIDs and versions dropped.
 */
export function resourceOf(path: string): string {
  return path
    .split('?')[0]
    .split('/')
    .filter(
      (part) =>
        part !== '' && !/^[A-Z]{2}[0-9a-f]{32}(\.json)?$/.test(part) && !/^(v1|2010-04-01)$/.test(part),
    )
    .filter((part) => !['Workspaces', 'Accounts'].includes(part))
    .join('/')
    .replace(/\.json$/, '');
}
