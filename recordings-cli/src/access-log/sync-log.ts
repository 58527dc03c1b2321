/**
 * The access log and the legal holds as the CLI reaches them: the twilio SDK on the product's own
 * Sync service (ACCESS_LOG_SYNC_SERVICE_SID, which `npm run deploy` created), every request through
 * the CLI's limiter and retry policy.
 */
import type { AccessLogEntry, AccessLogHead, AccessLogStore } from '@dual-channel-recording/contract';
import {
  ACCESS_LOG_HEAD,
  describeProblem,
  headData,
  isTwilioCode,
  isTwilioNotFound,
  isTwilioStatus,
  parseHeadData,
  readSid,
} from '@dual-channel-recording/contract';
import type { SettingProblem } from '@dual-channel-recording/contract';
import type { TwilioConfig } from '../config';
import { ConfigError } from '../errors';
import type { Limiter } from '../limiter';
import type { TwilioRetryEvent } from '../retry';
import { DEFAULT_RETRY } from '../retry';
import { createTwilioClient, twilioCall } from '../twilio-gateway';

// Sync: "Unique name already exists" (another writer created the Document or the list first).
const UNIQUE_NAME_TAKEN = 54301;
// Sync: "An Item with given key already exists in the Map".
const KEY_TAKEN = 54208;

/** The access log's service SID from the environment; a ConfigError naming it when absent or wrong. */
export function accessLogServiceSid(env: Record<string, string | undefined>): string {
  const problems: SettingProblem[] = [];
  const sid = readSid(
    env,
    'ACCESS_LOG_SYNC_SERVICE_SID',
    'IS',
    "the access log's Sync service SID (npm run deploy prints it)",
    problems,
  );
  if (!sid) throw new ConfigError(problems.map(describeProblem).join('; '));
  return sid;
}

/** The Sync operations the access-log, hold, purge and erase commands need. */
export interface SyncLog extends AccessLogStore {
  /** Every item's data of a month's list, oldest first (`[]` when the list does not exist). */
  listItems(listName: string): Promise<unknown[]>;
  /** A Document's data and revision, or undefined when it does not exist. */
  fetchDocument(name: string): Promise<{ data: unknown; revision: string } | undefined>;
  /** Creates or updates a Document if it still has `revision` (undefined: create); false when it moved. */
  writeDocument(name: string, data: object, revision: string | undefined): Promise<boolean>;
  /** Every item of a Map as `[key, data]`, in key order (`[]` when the Map does not exist). */
  mapItems(name: string): Promise<[string, unknown][]>;
  /** Adds `key` to a Map (creating the Map); `exists` when the key was there already. */
  addMapItem(name: string, key: string, data: object): Promise<'added' | 'exists'>;
  /** Removes `key` from a Map; `absent` when it was not there. */
  removeMapItem(name: string, key: string): Promise<'removed' | 'absent'>;
}

/** A {@link SyncLog} over the real SDK. */
export function createSyncLog(
  config: TwilioConfig,
  serviceSid: string,
  options: { limiter: Limiter; onRetry?: (event: TwilioRetryEvent, what: string) => void },
): SyncLog {
  const client = createTwilioClient(config);
  const call = twilioCall({ ...options, retry: DEFAULT_RETRY });
  const service = () => client.sync.v1.services(serviceSid);

  const fetchDocument = async (name: string) => {
    try {
      const doc = await call(`fetch ${name}`, () => service().documents(name).fetch());
      return { data: doc.data as unknown, revision: doc.revision };
    } catch (err) {
      if (isTwilioNotFound(err)) return undefined;
      throw err;
    }
  };

  const writeDocument = async (
    name: string,
    data: object,
    revision: string | undefined,
  ): Promise<boolean> => {
    try {
      if (revision === undefined)
        await call(`create ${name}`, () => service().documents.create({ uniqueName: name, data }));
      else await call(`update ${name}`, () => service().documents(name).update({ data, ifMatch: revision }));
      return true;
    } catch (err) {
      if (isTwilioStatus(err, 412) || isTwilioCode(err, UNIQUE_NAME_TAKEN)) return false;
      throw err;
    }
  };

  const readHead = async (): Promise<AccessLogHead> => {
    for (;;) {
      const doc = await fetchDocument(ACCESS_LOG_HEAD);
      if (doc) return { revision: doc.revision, last: parseHeadData(doc.data) };
      await writeDocument(ACCESS_LOG_HEAD, {}, undefined);
    }
  };

  const listItems = async (listName: string): Promise<unknown[]> => {
    try {
      const items = await call(`read ${listName}`, () =>
        service().syncLists(listName).syncListItems.list({ order: 'asc', pageSize: 100 }),
      );
      return items.map((item) => item.data as unknown);
    } catch (err) {
      if (isTwilioNotFound(err)) return [];
      throw err;
    }
  };

  return {
    readHead,
    moveHead: (revision: string, last: AccessLogEntry) =>
      writeDocument(ACCESS_LOG_HEAD, headData(last), revision),
    newestItem: async (listName) => {
      try {
        const page = await call(`read ${listName}`, () =>
          service().syncLists(listName).syncListItems.page({ order: 'desc', pageSize: 1 }),
        );
        return page.instances[0]?.data as unknown;
      } catch (err) {
        if (isTwilioNotFound(err)) return undefined;
        throw err;
      }
    },
    appendItem: async (listName, entry) => {
      const append = () =>
        call(`append to ${listName}`, () =>
          service().syncLists(listName).syncListItems.create({ data: entry }),
        );
      try {
        await append();
      } catch (err) {
        if (!isTwilioNotFound(err)) throw err;
        await call(`create ${listName}`, () => service().syncLists.create({ uniqueName: listName })).catch(
          (e: unknown) => {
            if (!isTwilioCode(e, UNIQUE_NAME_TAKEN)) throw e;
          },
        );
        await append();
      }
    },
    listItems,
    fetchDocument,
    writeDocument,
    mapItems: async (name) => {
      try {
        const items = await call(`read ${name}`, () =>
          service().syncMaps(name).syncMapItems.list({ pageSize: 100 }),
        );
        return items.map((item): [string, unknown] => [item.key, item.data as unknown]);
      } catch (err) {
        if (isTwilioNotFound(err)) return [];
        throw err;
      }
    },
    addMapItem: async (name, key, data) => {
      const add = () =>
        call(`add ${key} to ${name}`, () => service().syncMaps(name).syncMapItems.create({ key, data }));
      try {
        await add();
        return 'added';
      } catch (err) {
        if (isTwilioCode(err, KEY_TAKEN)) return 'exists';
        if (!isTwilioNotFound(err)) throw err;
        await call(`create ${name}`, () => service().syncMaps.create({ uniqueName: name })).catch(
          (e: unknown) => {
            if (!isTwilioCode(e, UNIQUE_NAME_TAKEN)) throw e;
          },
        );
        try {
          await add();
          return 'added';
        } catch (again) {
          if (isTwilioCode(again, KEY_TAKEN)) return 'exists';
          throw again;
        }
      }
    },
    removeMapItem: async (name, key) => {
      try {
        await call(`remove ${key} from ${name}`, () => service().syncMaps(name).syncMapItems(key).remove());
        return 'removed';
      } catch (err) {
        if (isTwilioNotFound(err)) return 'absent';
        throw err;
      }
    },
  };
}
