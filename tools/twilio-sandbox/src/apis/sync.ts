import { isSid } from '@dual-channel-recording/contract';
import { TwilioErrorResponse, notFound } from '../errors';
import type { SandboxState } from '../state';
import type { SyncDocument, SyncList, SyncListItem, SyncMap, SyncMapItem, SyncService } from '../sync-store';
import { listMeta, paginate } from './paging';
import type { ApiHandler, ApiRequest } from './types';

const HOST = 'https://sync.twilio.com';

// Twilio's limit on a Document's or an item's `Data` ("up to 16 KiB"), error 54006.
const MAX_DATA_BYTES = 16 * 1024;

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The fields every Sync resource answers with: its revision, no expiry, its dates and `system` as creator. */
function stamps(resource: {
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
}): Record<string, unknown> {
  return {
    revision: String(resource.revision),
    date_expires: null,
    date_created: iso(resource.dateCreated),
    date_updated: iso(resource.dateUpdated),
    created_by: 'system',
  };
}

function presentService(s: SyncService): Record<string, unknown> {
  const url = `${HOST}/v1/Services/${s.sid}`;
  return {
    sid: s.sid,
    unique_name: null,
    account_sid: s.accountSid,
    friendly_name: s.friendlyName,
    date_created: iso(s.dateCreated),
    date_updated: iso(s.dateUpdated),
    url,
    webhook_url: null,
    webhooks_from_rest_enabled: false,
    reachability_webhooks_enabled: false,
    acl_enabled: s.aclEnabled,
    reachability_debouncing_enabled: false,
    reachability_debouncing_window: 5000,
    links: {
      documents: `${url}/Documents`,
      lists: `${url}/Lists`,
      maps: `${url}/Maps`,
      streams: `${url}/Streams`,
    },
  };
}

function presentDocument(d: SyncDocument, accountSid: string): Record<string, unknown> {
  const url = `${HOST}/v1/Services/${d.serviceSid}/Documents/${d.sid}`;
  return {
    sid: d.sid,
    unique_name: d.uniqueName,
    account_sid: accountSid,
    service_sid: d.serviceSid,
    url,
    links: { permissions: `${url}/Permissions` },
    data: d.data,
    ...stamps(d),
  };
}

/** A Sync List or Map (the same fields and links; `kind` is its path segment under the service). */
function presentCollection(
  kind: 'Lists' | 'Maps',
  c: SyncList | SyncMap,
  accountSid: string,
): Record<string, unknown> {
  const url = `${HOST}/v1/Services/${c.serviceSid}/${kind}/${c.sid}`;
  return {
    sid: c.sid,
    unique_name: c.uniqueName,
    account_sid: accountSid,
    service_sid: c.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    ...stamps(c),
  };
}

function presentItem(l: SyncList, item: SyncListItem, accountSid: string): Record<string, unknown> {
  return {
    index: item.index,
    account_sid: accountSid,
    service_sid: l.serviceSid,
    list_sid: l.sid,
    url: `${HOST}/v1/Services/${l.serviceSid}/Lists/${l.sid}/Items/${item.index}`,
    data: item.data,
    ...stamps(item),
  };
}

function presentMapItem(m: SyncMap, item: SyncMapItem, accountSid: string): Record<string, unknown> {
  return {
    key: item.key,
    account_sid: accountSid,
    service_sid: m.serviceSid,
    map_sid: m.sid,
    url: `${HOST}/v1/Services/${m.serviceSid}/Maps/${m.sid}/Items/${encodeURIComponent(item.key)}`,
    data: item.data,
    ...stamps(item),
  };
}

/** `Data` parsed as Twilio does: a JSON object of at most 16 KiB, else 400 / 54008 or 413 / 54006. */
function readData(raw: unknown): unknown {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw ?? {});
  if (Buffer.byteLength(text, 'utf8') > MAX_DATA_BYTES)
    throw new TwilioErrorResponse(413, 54006, 'Request entity too large');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // Answered below.
  }
  // Twilio's wording is not documented for this case; the code is its "Invalid request body".
  throw new TwilioErrorResponse(400, 54008, 'Data must be a JSON object');
}

/** The `If-Match` header, if sent. */
function ifMatch(req: ApiRequest): string | undefined {
  const value = req.headers['if-match'];
  return Array.isArray(value) ? value[0] : value;
}

function pageBody(
  key: string,
  all: Record<string, unknown>[],
  req: ApiRequest,
  filters: Record<string, string> = {},
): Record<string, unknown> {
  const page = paginate(all, req.query, filters);
  return { [key]: page.items, meta: listMeta(HOST, req.pathname, key, page) };
}

/**
 * Twilio Sync handlers (`sync.twilio.com/v1/Services…`), validated against twilio_sync_v1.json like
 * every other API: services, Documents with conditional updates (`If-Match` on the revision, else
 * 412 / 54103 as Twilio's error page says), Lists and their items (appended with a new index; an
 * item update or delete takes `If-Match` too). Unique names are unique per service (409 / 54301).
 * Not modelled: TTLs, permissions, webhooks, Streams, and Sync's per-object write rate
 * (Twilio: 20 writes/s per object, bursts over 10 s). Maps: create, fetch, and items
 * created under a key (taken → 409 / 54208), fetched, listed in key order, deleted.
 */
export function createSyncHandlers(state: SandboxState): Record<string, ApiHandler> {
  const { sync } = state;
  const service = (req: ApiRequest, key = 'ServiceSid'): SyncService => {
    const found = sync.services.get(req.pathParams[key]);
    if (!found || found.accountSid !== req.account.sid) throw notFound(req.pathname);
    return found;
  };
  const document = (req: ApiRequest): SyncDocument => {
    const s = service(req);
    const found = sync.document(s.sid, req.pathParams.Sid);
    if (!found) throw notFound(req.pathname);
    return found;
  };
  const list = (req: ApiRequest, key: string): SyncList => {
    const s = service(req);
    const found = sync.list(s.sid, req.pathParams[key]);
    if (!found) throw notFound(req.pathname);
    return found;
  };
  const syncMap = (req: ApiRequest, key: string): SyncMap => {
    const s = service(req);
    const found = sync.map(s.sid, req.pathParams[key]);
    if (!found) throw notFound(req.pathname);
    return found;
  };
  const item = (req: ApiRequest): { l: SyncList; it: SyncListItem } => {
    const l = list(req, 'ListSid');
    const it = l.items.find((i) => String(i.index) === req.pathParams.Index);
    if (!it) throw notFound(req.pathname);
    return { l, it };
  };
  const checkRevision = (req: ApiRequest, revision: number): void => {
    const wanted = ifMatch(req);
    if (wanted !== undefined && wanted !== String(revision))
      throw new TwilioErrorResponse(
        412,
        54103,
        'The revision of the Document does not match the expected revision',
      );
  };
  const uniqueName = (raw: unknown, taken: (name: string) => boolean): string | null => {
    if (raw === undefined) return null;
    const name = String(raw);
    if (isSid(name, 'ET') || isSid(name, 'ES'))
      throw new TwilioErrorResponse(400, 54302, 'Unique name can not be a SID');
    if (taken(name)) throw new TwilioErrorResponse(409, 54301, 'Unique name already exists');
    return name;
  };

  return {
    CreateService: (req) => {
      const now = new Date();
      const created: SyncService = {
        sid: state.sids.next('IS'),
        accountSid: req.account.sid,
        friendlyName: typeof req.body.FriendlyName === 'string' ? req.body.FriendlyName : null,
        aclEnabled: req.body.AclEnabled === true,
        dateCreated: now,
        dateUpdated: now,
      };
      sync.services.set(created.sid, created);
      return { status: 201, body: presentService(created) };
    },
    ListService: (req) => {
      const all = [...sync.services.values()]
        .filter((s) => s.accountSid === req.account.sid)
        .map(presentService);
      return { status: 200, body: pageBody('services', all, req) };
    },
    FetchService: (req) => ({ status: 200, body: presentService(service(req, 'Sid')) }),

    CreateDocument: (req) => {
      const s = service(req);
      const now = new Date();
      const created: SyncDocument = {
        sid: state.sids.next('ET'),
        serviceSid: s.sid,
        uniqueName: uniqueName(req.body.UniqueName, (n) => sync.document(s.sid, n) !== undefined),
        data: readData(req.body.Data),
        revision: 0,
        dateCreated: now,
        dateUpdated: now,
      };
      sync.documents.set(created.sid, created);
      return { status: 201, body: presentDocument(created, req.account.sid) };
    },
    FetchDocument: (req) => ({ status: 200, body: presentDocument(document(req), req.account.sid) }),
    UpdateDocument: (req) => {
      const d = document(req);
      checkRevision(req, d.revision);
      if (req.body.Data !== undefined) d.data = readData(req.body.Data);
      d.revision += 1;
      d.dateUpdated = new Date();
      return { status: 200, body: presentDocument(d, req.account.sid) };
    },

    CreateSyncList: (req) => {
      const s = service(req);
      const now = new Date();
      const created: SyncList = {
        sid: state.sids.next('ES'),
        serviceSid: s.sid,
        uniqueName: uniqueName(req.body.UniqueName, (n) => sync.list(s.sid, n) !== undefined),
        revision: 0,
        nextIndex: 0,
        items: [],
        dateCreated: now,
        dateUpdated: now,
      };
      sync.lists.set(created.sid, created);
      return { status: 201, body: presentCollection('Lists', created, req.account.sid) };
    },
    FetchSyncList: (req) => ({
      status: 200,
      body: presentCollection('Lists', list(req, 'Sid'), req.account.sid),
    }),

    CreateSyncMap: (req) => {
      const s = service(req);
      const now = new Date();
      const created: SyncMap = {
        sid: state.sids.next('MP'),
        serviceSid: s.sid,
        uniqueName: uniqueName(req.body.UniqueName, (n) => sync.map(s.sid, n) !== undefined),
        revision: 0,
        items: new Map(),
        dateCreated: now,
        dateUpdated: now,
      };
      sync.maps.set(created.sid, created);
      return { status: 201, body: presentCollection('Maps', created, req.account.sid) };
    },
    FetchSyncMap: (req) => ({
      status: 200,
      body: presentCollection('Maps', syncMap(req, 'Sid'), req.account.sid),
    }),
    CreateSyncMapItem: (req) => {
      const m = syncMap(req, 'MapSid');
      const key = String(req.body.Key);
      // Twilio's "An Item with given key already exists in the Map" (status assumed 409).
      if (m.items.has(key))
        throw new TwilioErrorResponse(409, 54208, 'An Item with given key already exists in the Map');
      const now = new Date();
      const created: SyncMapItem = {
        key,
        data: readData(req.body.Data),
        revision: 0,
        dateCreated: now,
        dateUpdated: now,
      };
      m.items.set(key, created);
      m.revision += 1;
      return { status: 201, body: presentMapItem(m, created, req.account.sid) };
    },
    FetchSyncMapItem: (req) => {
      const m = syncMap(req, 'MapSid');
      const found = m.items.get(req.pathParams.Key);
      if (!found) throw notFound(req.pathname);
      return { status: 200, body: presentMapItem(m, found, req.account.sid) };
    },
    DeleteSyncMapItem: (req) => {
      const m = syncMap(req, 'MapSid');
      const found = m.items.get(req.pathParams.Key);
      if (!found) throw notFound(req.pathname);
      checkRevision(req, found.revision);
      m.items.delete(found.key);
      m.revision += 1;
      return { status: 204 };
    },
    ListSyncMapItem: (req) => {
      const m = syncMap(req, 'MapSid');
      const all = [...m.items.values()]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((i) => presentMapItem(m, i, req.account.sid));
      return { status: 200, body: pageBody('items', req.query.Order === 'desc' ? all.reverse() : all, req) };
    },

    CreateSyncListItem: (req) => {
      const l = list(req, 'ListSid');
      const now = new Date();
      const created: SyncListItem = {
        index: l.nextIndex,
        data: readData(req.body.Data),
        revision: 0,
        dateCreated: now,
        dateUpdated: now,
      };
      l.nextIndex += 1;
      l.revision += 1;
      l.items.push(created);
      return { status: 201, body: presentItem(l, created, req.account.sid) };
    },
    ListSyncListItem: (req) => {
      const l = list(req, 'ListSid');
      const order = req.query.Order === 'desc' ? 'desc' : 'asc';
      const from = typeof req.query.From === 'string' ? Number(req.query.From) : undefined;
      const inclusive = req.query.Bounds !== 'exclusive';
      const items = (order === 'desc' ? [...l.items].reverse() : l.items).filter((i) => {
        if (from === undefined || Number.isNaN(from)) return true;
        if (order === 'asc') return inclusive ? i.index >= from : i.index > from;
        return inclusive ? i.index <= from : i.index < from;
      });
      const filters: Record<string, string> = { Order: order };
      if (from !== undefined) filters.From = String(from);
      return {
        status: 200,
        body: pageBody(
          'items',
          items.map((i) => presentItem(l, i, req.account.sid)),
          req,
          filters,
        ),
      };
    },
    FetchSyncListItem: (req) => {
      const { l, it } = item(req);
      return { status: 200, body: presentItem(l, it, req.account.sid) };
    },
    UpdateSyncListItem: (req) => {
      const { l, it } = item(req);
      checkRevision(req, it.revision);
      if (req.body.Data !== undefined) it.data = readData(req.body.Data);
      it.revision += 1;
      it.dateUpdated = new Date();
      l.revision += 1;
      return { status: 200, body: presentItem(l, it, req.account.sid) };
    },
    DeleteSyncListItem: (req) => {
      const { l, it } = item(req);
      checkRevision(req, it.revision);
      l.items = l.items.filter((i) => i !== it);
      l.revision += 1;
      return { status: 204 };
    },
  };
}
