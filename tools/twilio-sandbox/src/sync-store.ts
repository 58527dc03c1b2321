/**
 * The sandbox's Twilio Sync data: services, Documents and Lists with their items, per account. Only
 * what the product uses (the access log and the legal holds); Maps and Streams are not served.
 */

/** A Sync service. */
export interface SyncService {
  sid: string;
  accountSid: string;
  friendlyName: string | null;
  aclEnabled: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A Sync Document: one JSON object with a revision that moves on every write. */
export interface SyncDocument {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  data: unknown;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A Sync List Item: its index is given on append and never reused. */
export interface SyncListItem {
  index: number;
  data: unknown;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A Sync List and its items in index order. */
export interface SyncList {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  nextIndex: number;
  items: SyncListItem[];
  dateCreated: Date;
  dateUpdated: Date;
}

/** A Sync Map Item: a JSON object under a key, unique in its Map. */
export interface SyncMapItem {
  key: string;
  data: unknown;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A Sync Map and its items by key (listed in key order, as Twilio orders them). */
export interface SyncMap {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  items: Map<string, SyncMapItem>;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Every Sync object of the sandbox. */
export class SyncStore {
  readonly services = new Map<string, SyncService>();
  readonly documents = new Map<string, SyncDocument>();
  readonly lists = new Map<string, SyncList>();
  readonly maps = new Map<string, SyncMap>();

  /** Forgets everything (the sandbox's reset). */
  reset(): void {
    this.services.clear();
    this.documents.clear();
    this.lists.clear();
    this.maps.clear();
  }

  /** A service's Document by SID or unique name. */
  document(serviceSid: string, sidOrName: string): SyncDocument | undefined {
    return [...this.documents.values()].find(
      (d) => d.serviceSid === serviceSid && (d.sid === sidOrName || d.uniqueName === sidOrName),
    );
  }

  /** A service's Map by SID or unique name. */
  map(serviceSid: string, sidOrName: string): SyncMap | undefined {
    return [...this.maps.values()].find(
      (m) => m.serviceSid === serviceSid && (m.sid === sidOrName || m.uniqueName === sidOrName),
    );
  }

  /** A service's List by SID or unique name. */
  list(serviceSid: string, sidOrName: string): SyncList | undefined {
    return [...this.lists.values()].find(
      (l) => l.serviceSid === serviceSid && (l.sid === sidOrName || l.uniqueName === sidOrName),
    );
  }
}

/**
 * Gives `accountSid` a Sync service with a fixed SID, as `npm run deploy` would have created it,
 * and again after every reset (the local stack's deployed product keeps its access log service).
 */
export function keepSyncService(
  state: { sync: SyncStore; afterReset: (() => void)[] },
  service: { sid: string; accountSid: string; friendlyName: string },
): void {
  const create = (): void => {
    const now = new Date();
    state.sync.services.set(service.sid, {
      ...service,
      aclEnabled: true,
      dateCreated: now,
      dateUpdated: now,
    });
  };
  state.afterReset.push(create);
  create();
}
