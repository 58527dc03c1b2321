/**
 * Validated Flex tokens kept by a warm instance, so an agent's second request (another leg, a pause,
 * a resume) skips the round trip to Twilio's token validation.
 *
 * A bonus, never relied on for correctness: Twilio does not document that module state survives
 * between invocations of a Function, and twilio-run may run each request in a fresh process, so every
 * request must be right with an empty cache. Only successful validations are kept (a refused token is
 * asked about again every time), each only until the `expiration` Twilio's answer gave it (less a
 * margin for clock skew), and the cache holds a bounded number of entries. Entries are keyed by the
 * token's SHA-256 hash: the token itself is never kept.
 */
import { createHash } from 'node:crypto';
import type { FlexIdentity } from './flex-token';

/** A cache of validated tokens (see the module comment). */
export interface TokenCache {
  /** The identity a still-valid cached validation of `token` gave, or undefined. */
  get(token: string): FlexIdentity | undefined;
  /**
   * Keeps a successful validation of `token` until `expiration` (Twilio's ISO 8601 timestamp);
   * an expiration that is missing, unreadable or too close keeps nothing.
   */
  put(token: string, identity: FlexIdentity, expiration: unknown): void;
}

/** How the cache is bounded and what clock it reads. */
export interface TokenCacheOptions {
  /** Most entries kept; the oldest is dropped first once expired ones are gone. */
  maxEntries?: number;
  /** Our clock may run behind Twilio's: an entry is dropped this long before its expiration. */
  skewMs?: number;
  now?: () => number;
}

/** Default bound: one instance serves a contact centre's agents, each with one token at a time. */
export const DEFAULT_TOKEN_CACHE_ENTRIES = 1000;
/** Default margin before a token's expiration at which its entry stops counting. */
export const DEFAULT_TOKEN_CACHE_SKEW_MS = 60_000;

interface Entry {
  identity: FlexIdentity;
  keepUntil: number;
}

/** The key an entry is stored under: the token's SHA-256 hash (hex), never the token. */
export function tokenCacheKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function copy(identity: FlexIdentity): FlexIdentity {
  return { workerSid: identity.workerSid, identity: identity.identity, roles: [...identity.roles] };
}

/** A new, empty cache of validated tokens. */
export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const maxEntries = options.maxEntries ?? DEFAULT_TOKEN_CACHE_ENTRIES;
  const skewMs = options.skewMs ?? DEFAULT_TOKEN_CACHE_SKEW_MS;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: its first key is the oldest entry.
  const entries = new Map<string, Entry>();

  const dropExpired = (at: number): void => {
    for (const [key, entry] of entries) if (entry.keepUntil <= at) entries.delete(key);
  };

  return {
    get(token) {
      const key = tokenCacheKey(token);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.keepUntil <= now()) {
        entries.delete(key);
        return undefined;
      }
      return copy(entry.identity);
    },
    put(token, identity, expiration) {
      if (maxEntries <= 0 || typeof expiration !== 'string') return;
      const expiresAt = Date.parse(expiration);
      const at = now();
      const keepUntil = expiresAt - skewMs;
      if (!Number.isFinite(expiresAt) || keepUntil <= at) return;
      const key = tokenCacheKey(token);
      entries.delete(key);
      if (entries.size >= maxEntries) dropExpired(at);
      while (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      entries.set(key, { identity: copy(identity), keepUntil });
    },
  };
}
