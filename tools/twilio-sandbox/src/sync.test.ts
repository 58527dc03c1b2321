/**
 * The Twilio Sync endpoints the access log and the legal holds use, through the real twilio SDK and
 * validated by the sandbox against twilio_sync_v1.json (a response breaking Twilio's schema is a
 * defect, checked after each test).
 */
import twilio from 'twilio';
import { useRoutedSandbox } from './routed-sandbox.testing';

const env = useRoutedSandbox();

const client = (): twilio.Twilio => twilio(env.sandbox.accountSid, env.sandbox.authToken);

describe('Sync services, Documents and Lists (sync.twilio.com/v1)', () => {
  it('creates a service and finds it again by listing (services have no unique name)', async () => {
    const created = await client().sync.v1.services.create({ friendlyName: 'mine', aclEnabled: true });
    expect(created.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(created.aclEnabled).toBe(true);
    const all = await client().sync.v1.services.list();
    expect(all.map((s) => s.friendlyName)).toEqual(['mine']);
  });

  it('a Document update with a stale If-Match is refused with 412 / 54103 and changes nothing', async () => {
    const service = await client().sync.v1.services.create({ friendlyName: 'mine' });
    const doc = await client()
      .sync.v1.services(service.sid)
      .documents.create({ uniqueName: 'head', data: { n: 1 } });
    const updated = await client()
      .sync.v1.services(service.sid)
      .documents('head')
      .update({ data: { n: 2 }, ifMatch: doc.revision });
    expect(updated.revision).not.toBe(doc.revision);
    await expect(
      client()
        .sync.v1.services(service.sid)
        .documents('head')
        .update({ data: { n: 3 }, ifMatch: doc.revision }),
    ).rejects.toMatchObject({ status: 412, code: 54103 });
    expect((await client().sync.v1.services(service.sid).documents('head').fetch()).data).toEqual({ n: 2 });
  });

  it('a second Document or List with the same unique name is 409 / 54301', async () => {
    const service = await client().sync.v1.services.create({ friendlyName: 'mine' });
    await client().sync.v1.services(service.sid).syncLists.create({ uniqueName: 'access-log-2026-12' });
    await expect(
      client().sync.v1.services(service.sid).syncLists.create({ uniqueName: 'access-log-2026-12' }),
    ).rejects.toMatchObject({ status: 409, code: 54301 });
  });

  it('appends list items with growing indexes, lists them newest first, and deleting one leaves a gap', async () => {
    const service = await client().sync.v1.services.create({ friendlyName: 'mine' });
    const items = client().sync.v1.services(service.sid).syncLists('log');
    await client().sync.v1.services(service.sid).syncLists.create({ uniqueName: 'log' });
    for (const n of [1, 2, 3]) await items.syncListItems.create({ data: { n } });
    const newest = await items.syncListItems.list({ order: 'desc', limit: 1 });
    expect(newest.map((i) => i.data)).toEqual([{ n: 3 }]);
    await items.syncListItems(1).remove();
    const all = await items.syncListItems.list({ pageSize: 1 });
    expect(all.map((i) => [i.index, i.data])).toEqual([
      [0, { n: 1 }],
      [2, { n: 3 }],
    ]);
  });

  it('is 404 for another service, an unknown list, and an item that was deleted', async () => {
    const service = await client().sync.v1.services.create({ friendlyName: 'mine' });
    await expect(
      client()
        .sync.v1.services('IS' + 'f'.repeat(32))
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      client().sync.v1.services(service.sid).syncLists('nope').syncListItems.create({ data: {} }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('Map items live under a key: a taken key is 409 / 54208, listed in key order, deleted by key', async () => {
    const service = await client().sync.v1.services.create({ friendlyName: 'mine' });
    await client().sync.v1.services(service.sid).syncMaps.create({ uniqueName: 'legal-holds' });
    const holds = client().sync.v1.services(service.sid).syncMaps('legal-holds').syncMapItems;
    await holds.create({ key: 'WT2', data: { by: 'a' } });
    await holds.create({ key: 'RE1', data: { by: 'b' } });
    await expect(holds.create({ key: 'RE1', data: {} })).rejects.toMatchObject({ status: 409, code: 54208 });
    expect((await holds.list()).map((i) => i.key)).toEqual(['RE1', 'WT2']);
    await client().sync.v1.services(service.sid).syncMaps('legal-holds').syncMapItems('RE1').remove();
    expect((await holds.list()).map((i) => i.key)).toEqual(['WT2']);
  });
});
