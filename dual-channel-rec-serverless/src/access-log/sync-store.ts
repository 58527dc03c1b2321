/**
 * The access log's Sync operations for the Functions: the twilio 6 SDK on the product's own Sync
 * service, every call retried (429, 503, dropped connections) under the request's deadline.
 */
import type twilio from 'twilio';
import type { AccessLogEntry, AccessLogHead, AccessLogStore } from '@dual-channel-recording/contract';
import { ACCESS_LOG_HEAD, headData, parseHeadData } from '@dual-channel-recording/contract';
import { isTwilioCode, isTwilioNotFound, isTwilioStatus } from '../twilio/errors';
import { retryingUnder } from '../twilio/gateway';
import type { Deadline } from '../twilio/retry';

// Sync: "Unique name already exists" (another writer created the head or the month's list first).
const UNIQUE_NAME_TAKEN = 54301;

/** The access log on Sync service `serviceSid`, for one request. */
export function syncAccessLogStore(
  client: twilio.Twilio,
  serviceSid: string,
  deadline: Deadline,
): AccessLogStore {
  const run = retryingUnder(deadline);
  const service = () => client.sync.v1.services(serviceSid);
  const fetchHead = () => run(() => service().documents(ACCESS_LOG_HEAD).fetch());

  const readHead = async (): Promise<AccessLogHead> => {
    let doc;
    try {
      doc = await fetchHead();
    } catch (error) {
      if (!isTwilioNotFound(error)) throw error;
      // The first entry ever: create the empty head (a writer racing us may win; then read theirs).
      try {
        doc = await run(() => service().documents.create({ uniqueName: ACCESS_LOG_HEAD, data: {} }));
      } catch (createError) {
        if (!isTwilioCode(createError, UNIQUE_NAME_TAKEN)) throw createError;
        doc = await fetchHead();
      }
    }
    return { revision: doc.revision, last: parseHeadData(doc.data) };
  };

  const moveHead = async (revision: string, last: AccessLogEntry): Promise<boolean> => {
    try {
      await run(() =>
        service()
          .documents(ACCESS_LOG_HEAD)
          .update({ data: headData(last), ifMatch: revision }),
      );
      return true;
    } catch (error) {
      if (isTwilioStatus(error, 412)) return false;
      throw error;
    }
  };

  const newestItem = async (listName: string): Promise<unknown> => {
    try {
      const page = await run(() =>
        service().syncLists(listName).syncListItems.page({ order: 'desc', pageSize: 1 }),
      );
      return page.instances[0]?.data;
    } catch (error) {
      if (isTwilioNotFound(error)) return undefined;
      throw error;
    }
  };

  const appendItem = async (listName: string, entry: AccessLogEntry): Promise<void> => {
    const append = () => run(() => service().syncLists(listName).syncListItems.create({ data: entry }));
    try {
      await append();
    } catch (error) {
      if (!isTwilioNotFound(error)) throw error;
      // A new month: its list does not exist yet.
      await run(() => service().syncLists.create({ uniqueName: listName })).catch((createError: unknown) => {
        if (!isTwilioCode(createError, UNIQUE_NAME_TAKEN)) throw createError;
      });
      await append();
    }
  };

  return { readHead, moveHead, newestItem, appendItem };
}
