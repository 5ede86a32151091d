// Type declarations of roomgate-client.js (Roomgate wire protocol v1). Hand-written: keep in step with the module.

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "disconnected";

export interface Member {
  userId: string;
  username: string;
}

/** The payload of `hub:connected`. */
export interface Identity {
  userId: string;
  username: string;
  roles: string[];
  /** null when the token names no tenant */
  tenant: string | null;
  clientId: string;
  /** JWT NumericDate (seconds); updated by `token:refreshed` */
  exp: number;
  /** rooms the server joined this connection to (the default room) */
  rooms: string[];
  warning?: "token_expired_grace";
  /** the token's permissions claim (PROTOCOL §10) in its order, absent when the token has none */
  permissions?: string[];
}

/** Codes of the server's `hub:error` (PROTOCOL §3) and of errors the client makes itself. */
export type ErrorCode =
  | "unauthorized" | "forbidden" | "bad_request" | "not_found" | "rate_limited" | "user_mismatch" | "internal"
  /** a request while not connected */
  | "not_connected"
  /** no reply within `requestTimeout` (details `{type, id}`), or no `hub:connected` within `connectTimeout` */
  | "timeout"
  /** the socket closed with nothing else to explain it (details `{closeCode, reason}`), or close() was called */
  | "closed"
  /** getToken() failed or gave no token (details `{cause}`) */
  | "token_unavailable";

/** A `hub:error` payload, or one made by the client; what every promise of the client rejects with. */
export interface ErrorPayload {
  code: ErrorCode | (string & {});
  message: string;
  details: Record<string, any>;
}

/** A frame as sent by the client; the second argument of `error` events. */
export interface Frame {
  type: string;
  id?: string;
  payload?: Record<string, any>;
}

/** A `room:message` payload. */
export interface Message {
  room: string;
  event: string;
  data: any;
  /** `{userId: "server"}` for messages posted through the HTTP API */
  from: { userId: string; username?: string };
  /** epoch milliseconds */
  ts: number;
  /** the message's place in the room's history (PROTOCOL §8); absent with history off */
  offset?: number;
}

/** A `room:joined` payload. */
export interface JoinedRoom {
  room: string;
  /** the first users by userId, at most the server's snapshot limit */
  members: Member[];
  /** users in the room */
  count: number;
  /** more users than `members` lists: page on with presence(room, {after}) */
  truncated?: true;
  /** the room's history epoch (PROTOCOL §8); absent with history off */
  epoch?: string;
  /** the room's latest offset, 0 when none yet (PROTOCOL §8); absent with history off */
  offset?: number;
  /** the answer to a re-join that asked to recover (`since`, sent by the client after a reconnect) */
  recovered?: boolean;
}

/** A `room:presence` snapshot, the reply to presence(): one page of the room's users. */
export interface PresenceSnapshot {
  room: string;
  members: Member[];
  /** users in the room */
  count: number;
  /** more users sort after the last one listed */
  truncated?: true;
}

/** A `room:presence` change event: a join, a leave, or in a large room the user count instead of them (at most once a second). */
export type PresenceChange =
  | { room: string; joined: Member }
  | { room: string; left: { userId: string } }
  | { room: string; count: number };

/** A `user:kicked` payload. */
export interface Kick {
  /** null when an admin disconnected the user through the HTTP API (every room at once) */
  room: string | null;
  userId: string;
  /** the moderator's userId */
  by: string;
  reason: string | null;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ReconnectInfo {
  /** 1 for the first attempt after a drop */
  attempt: number;
  /** milliseconds until the attempt */
  delay: number;
}

/**
 * Delay of attempt n (from 0): min(maxDelay, baseDelay * factor^n), less a random share of up to
 * `jitter` of it ("full jitter" by default: anywhere from 0 to the ceiling), so that clients dropped
 * together do not return together.
 */
export interface ReconnectOptions {
  /** ms, default 500 */
  baseDelay?: number;
  /** ms, default 30000 */
  maxDelay?: number;
  /**
   * ms, the first delay's ceiling after close 1001 (a node stopping sends all its clients to the others
   * at once: they spread over a longer first delay), default 5000
   */
  shutdownBaseDelay?: number;
  /** ms after close 1013 (rate limited, slow consumer), default 5000 */
  overloadBaseDelay?: number;
  /** ms after close 1013, default 60000 */
  overloadMaxDelay?: number;
  /** default 2 */
  factor?: number;
  /** 0..1, default 1 */
  jitter?: number;
  /** attempts after one drop before giving up, default Infinity */
  maxAttempts?: number;
}

export interface RoomgateClientOptions {
  /**
   * Called before every handshake and for every refresh. Without it the client connects with no
   * credential (a dev-mode guest).
   */
  getToken?: () => string | Promise<string>;
  /**
   * "subprotocol" (default): the token rides as `bearer.<jwt>` next to `rooms.v1`; "connect": it is sent in a
   * `hub:connect` first frame. A token a subprotocol cannot carry (e.g. `dev:` tokens) always goes by `hub:connect`.
   */
  tokenTransport?: "subprotocol" | "connect";
  /** false: never reconnect automatically */
  reconnect?: ReconnectOptions | false;
  /** ms, default 10000 */
  requestTimeout?: number;
  /** ms from opening the socket to `hub:connected`, default 15000 */
  connectTimeout?: number;
  /** refresh the token on `token:expiring`, default true (spaced by `minRefreshInterval`) */
  autoRefresh?: boolean;
  /**
   * ms, default 10000: the least time between the starts of two automatic refreshes on one connection.
   * The server warns a token `expiry-warning` (60 s by default) before its `exp`, and at once when less is left:
   * with tokens from getToken() that live less than that, every refreshed token would be warned at once, and
   * refreshed at once, in a loop. A `token:expiring` that comes sooner than this after the previous automatic
   * refresh (or while a refresh is in flight) is answered when the interval ends (or the refresh settles): one
   * refresh for any number of warnings, none if a refresh meanwhile replaced the warned token. The `expiring`
   * event is emitted at once for every warning all the same. The first warning on each connection is answered
   * at once; close() and a drop cancel a waiting refresh; refreshToken() is never delayed. A token that lives
   * less than this interval may expire before its deferred refresh: the client then reconnects with a new token
   * from getToken(). 0 turns the spacing off. From 0 to 2147483647 (else the constructor throws a TypeError).
   */
  minRefreshInterval?: number;
  /** default globalThis.WebSocket */
  WebSocket?: new (url: string, protocols: string[]) => WebSocket;
  setTimeout?: (callback: () => void, ms: number) => any;
  clearTimeout?: (timer: any) => void;
  /** in [0, 1), default Math.random */
  random?: () => number;
  /** receives exceptions thrown by event handlers, default globalThis.reportError or console.error */
  reportError?: (error: unknown) => void;
}

/** Event names and their handlers' arguments. */
export interface RoomgateEvents {
  state: [state: ConnectionState, previous: ConnectionState];
  /** on every (re)connect */
  connected: [identity: Identity];
  /** an attempt is scheduled */
  reconnecting: [info: ReconnectInfo];
  /** only for rooms this connection is in */
  message: [message: Message];
  /** only for rooms this connection is in */
  presence: [change: PresenceChange];
  /** anyone kicked from a room this connection is in, or this user from any room (the client then stops) */
  kicked: [kick: Kick];
  /**
   * Errors no promise took, with the request that caused them when known, and the error that ends the
   * client (not when a connect() call or close() ends it).
   */
  error: [error: ErrorPayload, request: Frame | undefined];
  expiring: [info: { exp: number }];
  refreshed: [info: { exp: number }];
  /** every close of a socket of this client */
  close: [info: CloseInfo];
  /**
   * the server took this connection out of a room it did not ask to leave (a refreshed token that no longer
   * allows joining it, PROTOCOL §10); the room is not re-joined
   */
  left: [info: { room: string }];
  /**
   * After a reconnect, the room's re-join recovered every message sent meanwhile (PROTOCOL §8): `count` of them,
   * delivered as `message` events, once each and in order, before this event
   */
  recovered: [info: { room: string; count: number }];
  /**
   * After a reconnect, the room's messages sent meanwhile could not be recovered (no longer in the server's
   * history, a new epoch, history off): reload what the app shows of the room
   */
  gap: [info: { room: string }];
}

export type RoomgateEventHandler<E extends keyof RoomgateEvents> = (...args: RoomgateEvents[E]) => void;

export class RoomgateClient {
  /** @param url absolute ws:/wss:/http:/https: URL, or relative to the page (e.g. "rooms") */
  constructor(url: string | URL, options?: RoomgateClientOptions);

  readonly state: ConnectionState;
  /** the current `hub:connected` payload; null when disconnected */
  readonly identity: Identity | null;
  /** the rooms this client is in, or will re-join after a reconnect */
  readonly rooms: string[];
  /**
   * the permissions (PROTOCOL §10) of the current connection's token, from `hub:connected`; null when it has
   * none (or when disconnected). `token:refreshed` does not carry them: after a refresh these are the handshake's
   */
  readonly permissions: string[] | null;
  /**
   * Users in a room this connection is in, as the server last told (join, presence(), a large room's
   * summary) and joins and leaves since; undefined until then (the default room: call presence()).
   */
  count(room: string): number | undefined;

  /**
   * Opens the connection; while connecting or reconnecting, waits for that; when connected, resolves at once.
   * A first connection that fails is not retried. Rejects with an {@link ErrorPayload}.
   */
  connect(): Promise<Identity>;
  /** Closes with 1000 for good: no reconnect, pending requests reject `closed`. */
  close(): void;
  /**
   * The room is re-joined after reconnects until left; with history on the server (PROTOCOL §8) the re-join
   * recovers the messages sent meanwhile (`recovered`) or says they are lost (`gap`).
   */
  join(room: string): Promise<JoinedRoom>;
  /** The room leaves the re-join set at once, whether or not the server can be told. */
  leave(room: string): Promise<{ room: string }>;
  /**
   * Fire-and-forget; a `hub:error` in reply is emitted as `error` with this request.
   * @returns the frame id (an echo carries it), or null when not connected (a `not_connected` error is emitted)
   */
  send(room: string, data: any, options?: { event?: string; echo?: boolean }): string | null;
  /** One page of the room's users in userId order: the first, or those after `after` (the last userId of the previous page). */
  presence(room: string, options?: { after?: string }): Promise<PresenceSnapshot>;
  /**
   * Every user of the room, page by page: each once, in userId order (users who come or go meanwhile may or
   * may not be listed), with the count of the last page. A request per page: page large rooms on demand.
   */
  presenceAll(room: string): Promise<PresenceSnapshot>;
  /** Resolves on `hub:ok`; needs role moderator or admin. */
  kick(room: string, userId: string, options?: { reason?: string; banSeconds?: number }): Promise<{}>;
  /** Resolves on `pong`. */
  ping(): Promise<{}>;
  /**
   * Gets a token from getToken() and sends `token:refresh`, at once: `minRefreshInterval` spaces automatic
   * refreshes only. Single-flight: while one refresh runs, every call joins it, and a `token:expiring` waits for
   * it (and counts as answered unless the new token has the warned `exp`). A token identical to the current one
   * is not sent, since nothing would change: the refresh resolves with the current `exp`, without a `refreshed`
   * event. When the connection ends first it rejects `closed` at once, even while getToken() has not answered.
   */
  refreshToken(): Promise<{ exp: number }>;

  /** @returns a function that removes the handler */
  on<E extends keyof RoomgateEvents>(event: E, handler: RoomgateEventHandler<E>): () => void;
  off<E extends keyof RoomgateEvents>(event: E, handler: RoomgateEventHandler<E>): void;
}
