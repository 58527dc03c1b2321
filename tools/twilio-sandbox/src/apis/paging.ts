import type { ParamValues } from '../openapi/validator';

/** One page of a list, with Twilio's paging fields. */
export interface PageInfo<T> {
  items: T[];
  page: number;
  pageSize: number;
  start: number;
  end: number;
  nextQuery: string | null;
  previousQuery: string | null;
  firstQuery: string;
  currentQuery: string;
}

/**
 * Cuts a page the way Twilio does (`PageSize` default 50, max 1000; `Page`; `PageToken` = the
 * offset, prefixed `PT`). The queries keep the caller's filters so next_page_uri repeats them.
 */
export function paginate<T>(all: T[], query: ParamValues, filters: Record<string, string> = {}): PageInfo<T> {
  const pageSize = Math.min(1000, Math.max(1, typeof query.PageSize === 'number' ? query.PageSize : 50));
  const page = typeof query.Page === 'number' ? Math.max(0, query.Page) : 0;
  const token = typeof query.PageToken === 'string' ? /^PT(\d+)$/.exec(query.PageToken) : null;
  const start = token ? Number(token[1]) : page * pageSize;
  const items = all.slice(start, start + pageSize);
  const q = (p: number, offset: number | null): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(p));
    if (offset !== null) params.set('PageToken', `PT${offset}`);
    return params.toString();
  };
  return {
    items,
    page,
    pageSize,
    start,
    end: start + Math.max(0, items.length - 1),
    nextQuery: start + pageSize < all.length ? q(page + 1, start + pageSize) : null,
    previousQuery: page > 0 ? q(page - 1, Math.max(0, start - pageSize)) : null,
    firstQuery: q(0, null),
    currentQuery: q(page, token ? start : null),
  };
}

/** Filters kept from the query string for paging links (only plain string/number/boolean values). */
export function keepFilters(query: ParamValues, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = query[name];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
  }
  return out;
}

/** The `meta` object of a list answer on API host `host` (the v1/v2 APIs: TaskRouter, Sync, Intelligence, Insights): page, sizes, URLs, `key`. */
export function listMeta(
  host: string,
  pathname: string,
  key: string,
  page: PageInfo<unknown>,
): Record<string, unknown> {
  const url = (query: string | null): string | null =>
    query === null ? null : `${host}${pathname}?${query}`;
  return {
    page: page.page,
    page_size: page.pageSize,
    first_page_url: url(page.firstQuery),
    previous_page_url: url(page.previousQuery),
    url: url(page.currentQuery),
    next_page_url: url(page.nextQuery),
    key,
  };
}
