import fs from 'fs';
import { ADMIN_GUIDE, acceptedUiKeys, settingsRows, tableInDoc } from './settings-table';

describe('the settings table of docs/admin-guide.md', () => {
  it('is what the generator makes of the parsers today (else run npm run docs:settings)', () => {
    expect(tableInDoc(fs.readFileSync(ADMIN_GUIDE, 'utf8'))).toEqual(settingsRows());
  });

  it("has a row for every ui_attributes key the plugin's parser accepts", () => {
    const names = settingsRows().map((row) => row[0]);
    for (const key of acceptedUiKeys()) expect(names).toContain(`\`${key}\``);
    expect(acceptedUiKeys()).toEqual(expect.arrayContaining(['channel', 'exclude_queues', 'playback_roles']));
  });

  it('shows defaults as the parsers apply them, not as written in a doc', () => {
    const row = (name: string) => settingsRows().find((r) => r[0] === `\`${name}\``);
    expect(row('ALLOWED_ORIGINS')?.[3]).toBe('`https://flex.twilio.com`');
    expect(row('EXCLUSIONS_CACHE_SECONDS')?.[3]).toBe('`30`');
    expect(row('wait_timeout_seconds')?.[3]).toBe('`60`');
    expect(row('playback_roles')?.[3]).toBe('`["supervisor", "admin"]`');
  });
});
