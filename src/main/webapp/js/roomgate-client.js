// @ts-check
/**
 * Browser client for Roomgate, wire protocol v1 (PROTOCOL.md): one authenticated WebSocket with
 * promise-based requests, automatic reconnects that re-join rooms and recover what they missed
 * (PROTOCOL §8, when the server keeps history), and token refresh.
 * A dependency-free ES module:
 *
 * ```js
 * import { RoomgateClient } from "./js/roomgate-client.js";
 * const client = new RoomgateClient("rooms", { getToken: () => fetchMyJwt() });
 * client.on("message", (message) => console.log(message.room, message.data));
 * const identity = await client.connect();
 * await client.join("lobby");
 * client.send("lobby", { text: "hi" });
 * ```
 *
 * Promises reject with plain `{code, message, details}` objects ({@link ErrorPayload}): either the
 * server's `hub:error` payload, or one made by the client with one of these codes:
 * - `not_connected`: a request while the client is not connected;
 * - `timeout`: no reply within `requestTimeout` (details `{type, id}`), or no `hub:connected`
 *   within `connectTimeout`;
 * - `closed`: the socket closed before the reply or before `hub:connected`, with no `hub:error`
 *   to explain it (details `{closeCode, reason}`; message: the close reason, or "Connection closed"),
 *   or `close()` was called (message "Client closed");
 * - `token_unavailable`: `getToken()` failed or gave no token (details `{cause}`).
 *
 * @module roomgate-client
 */

const SUBPROTOCOL = "rooms.v1";
/** 1.1: the client reads `count` (§2.0), `permissions` (§10) and `epoch`/`offset` (§8), and sends `since`. */
const PROTOCOL_VERSION = "1.1";

/** RFC 7230 token characters: anything else cannot ride in `Sec-WebSocket-Protocol` (e.g. `dev:` tokens). */
const SUBPROTOCOL_SAFE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Closes after which the same connection attempt cannot succeed (1008 `Token expired` is handled apart). */
const TERMINAL_CLOSE_CODES = new Set([1000, 1002, 1008, 1009]);
const OVERLOADED = 1013;
const SHUTTING_DOWN = 1001;

/** Fire-and-forget sends remembered so that a late `hub:error` can name its request. */
const SENT_MEMORY = 100;

/** The longest delay timers keep: a longer one fires at once in browsers (and Node). */
const MAX_TIMER_DELAY = 2_147_483_647;

const EVENTS = new Set([
  "state", "connected", "reconnecting", "message", "presence", "kicked",
  "error", "expiring", "refreshed", "close", "left", "recovered", "gap",
]);

/**
 * @typedef {"connecting" | "connected" | "reconnecting" | "disconnected"} ConnectionState
 *
 * @typedef {Object} Member
 * @property {string} userId
 * @property {string} username
 *
 * @typedef {Object} Identity The payload of `hub:connected`.
 * @property {string} userId
 * @property {string} username
 * @property {string[]} roles
 * @property {string | null} tenant
 * @property {string} clientId
 * @property {number} exp JWT NumericDate (seconds); updated by `token:refreshed`
 * @property {string[]} rooms rooms the server joined this connection to (the default room)
 * @property {"token_expired_grace"} [warning]
 * @property {string[]} [permissions] the token's permissions claim (PROTOCOL §10) in its order, absent when
 *   the token has none
 *
 * @typedef {Object} ErrorPayload A `hub:error` payload, or one made by the client (see the module docs).
 * @property {string} code
 * @property {string} message
 * @property {Record<string, any>} details
 *
 * @typedef {Object} Frame
 * @property {string} type
 * @property {string} [id]
 * @property {Record<string, any>} [payload]
 *
 * @typedef {Object} Message A `room:message` payload.
 * @property {string} room
 * @property {string} event
 * @property {any} data
 * @property {{userId: string, username?: string}} from
 * @property {number} ts epoch milliseconds
 * @property {number} [offset] the message's place in the room's history (PROTOCOL §8), absent with history off
 *
 * @typedef {Object} JoinedRoom A `room:joined` payload.
 * @property {string} room
 * @property {Member[]} members the first users by userId, at most the server's snapshot limit
 * @property {number} count users in the room
 * @property {true} [truncated] more users than `members` lists: page on with presence(room, {after})
 * @property {string} [epoch] the room's history epoch (PROTOCOL §8), absent with history off
 * @property {number} [offset] the room's latest offset (0 when none yet), absent with history off
 * @property {boolean} [recovered] the answer to a re-join that asked to recover (`since`)
 *
 * @typedef {Object} Position Where a room's history stood for this client: its epoch and the last offset delivered.
 * @property {string} epoch
 * @property {number} offset
 * @property {number} ts the `ts` of the last message delivered (0 before any): tells a new epoch from a duplicate
 *
 * @typedef {Object} PresenceSnapshot A `room:presence` reply: one page of the room's users.
 * @property {string} room
 * @property {Member[]} members
 * @property {number} count users in the room
 * @property {true} [truncated] more users sort after the last one listed
 *
 * @typedef {{room: string, joined: Member} | {room: string, left: {userId: string}} | {room: string, count: number}} PresenceChange
 *   a join, a leave, or in a large room the user count instead of them (at most once a second)
 *
 * @typedef {Object} Kick A `user:kicked` payload.
 * @property {string} room
 * @property {string} userId
 * @property {string} by the moderator's userId
 * @property {string | null} reason
 *
 * @typedef {Object} CloseInfo
 * @property {number} code
 * @property {string} reason
 *
 * @typedef {Object} ReconnectInfo
 * @property {number} attempt 1 for the first attempt after a drop
 * @property {number} delay milliseconds until the attempt
 *
 * @typedef {Object} ReconnectOptions Delay of attempt n (from 0): min(maxDelay, baseDelay * factor^n),
 *   less a random share of up to `jitter` of it ("full jitter" by default: anywhere from 0 to the ceiling),
 *   so that clients dropped together do not return together.
 * @property {number} [baseDelay] ms, default 500
 * @property {number} [shutdownBaseDelay] ms, after close 1001 (a node stopping sends all its clients to the
 *   others at once: they spread over a longer first delay), default 5000
 * @property {number} [maxDelay] ms, default 30000
 * @property {number} [overloadBaseDelay] ms, after close 1013 (rate limited, slow consumer), default 5000
 * @property {number} [overloadMaxDelay] ms, after close 1013, default 60000
 * @property {number} [factor] default 2
 * @property {number} [jitter] 0..1, default 1
 * @property {number} [maxAttempts] attempts after one drop before giving up, default Infinity
 *
 * @typedef {Object} RoomgateClientOptions
 * @property {() => string | Promise<string>} [getToken] called before every handshake and for every
 *   refresh; without it the client connects with no credential (a dev-mode guest)
 * @property {"subprotocol" | "connect"} [tokenTransport] "subprotocol" (default): the token rides as
 *   `bearer.<jwt>` next to `rooms.v1`; "connect": it is sent in a `hub:connect` first frame. A token with
 *   characters a subprotocol cannot carry (e.g. `dev:` tokens) always goes by `hub:connect`.
 * @property {ReconnectOptions | false} [reconnect] false: never reconnect automatically
 * @property {number} [requestTimeout] ms, default 10000
 * @property {number} [connectTimeout] ms from opening the socket to `hub:connected`, default 15000
 *   (above the server's 10 s authentication timeout, so that the server's reason wins)
 * @property {boolean} [autoRefresh] refresh the token on `token:expiring`, default true (spaced by `minRefreshInterval`)
 * @property {number} [minRefreshInterval] ms, default 10000: the least time between the starts of two automatic
 *   refreshes on one connection. The server warns a token `expiry-warning` (60 s by default) before its `exp`, and
 *   at once when less is left: with tokens from getToken() that live less than that, every refreshed token would be
 *   warned at once, and refreshed at once, in a loop. A `token:expiring` that comes sooner than this after the
 *   previous automatic refresh (or while a refresh is in flight) is answered when the interval ends (or the refresh
 *   settles): one refresh for any number of warnings, none if a refresh meanwhile replaced the warned token. The
 *   `expiring` event is emitted at once for every warning all the same. The first warning on each connection is
 *   answered at once; close() and a drop cancel a waiting refresh; refreshToken() is never delayed. A token that
 *   lives less than this interval may expire before its deferred refresh: the client then reconnects with a new
 *   token from getToken(). 0 turns the spacing off. From 0 to 2147483647 (else the constructor throws a TypeError).
 * @property {new (url: string, protocols: string[]) => WebSocket} [WebSocket] default globalThis.WebSocket
 * @property {(callback: () => void, ms: number) => any} [setTimeout]
 * @property {(timer: any) => void} [clearTimeout]
 * @property {() => number} [random] in [0, 1), default Math.random
 * @property {(error: unknown) => void} [reportError] receives exceptions thrown by event handlers,
 *   default globalThis.reportError or console.error
 *
 * @typedef {Object} RoomgateEvents Event names and their handlers' arguments.
 * @property {[state: ConnectionState, previous: ConnectionState]} state
 * @property {[identity: Identity]} connected on every (re)connect
 * @property {[info: ReconnectInfo]} reconnecting an attempt is scheduled
 * @property {[message: Message]} message only for rooms this connection is in
 * @property {[change: PresenceChange]} presence only for rooms this connection is in
 * @property {[kick: Kick]} kicked anyone kicked from a room this connection is in, or this user from any room
 * @property {[error: ErrorPayload, request: Frame | undefined]} error errors no promise took, with the
 *   request that caused them when known, and the error that ends the client (not for connect() or close())
 * @property {[info: {exp: number}]} expiring
 * @property {[info: {exp: number}]} refreshed
 * @property {[info: CloseInfo]} close every close of a socket of this client
 * @property {[info: {room: string}]} left the server took this connection out of a room it did not ask to
 *   leave (a refreshed token that no longer allows joining it, PROTOCOL §10); the room is not re-joined
 * @property {[info: {room: string, count: number}]} recovered after a reconnect, the room's re-join got
 *   every message sent meanwhile: `count` of them, delivered as `message` events before this one
 * @property {[info: {room: string}]} gap after a reconnect, the room's messages sent meanwhile could not
 *   be recovered (gone from the server's history, a new epoch, history off): reload what the app shows
 */

/**
 * @param {string} code
 * @param {string} message
 * @param {Record<string, any>} [details]
 * @returns {ErrorPayload}
 */
function failure(code, message, details = {}) {
  return { code, message, details };
}

/** @param {number} closeCode @param {string} reason */
function closedError(closeCode, reason) {
  return failure("closed", reason || "Connection closed", { closeCode, reason });
}

/** @param {unknown} cause */
function tokenError(cause) {
  return failure("token_unavailable", "getToken() failed", { cause });
}

/**
 * `{key: undefined}` would override a default when spread (a NaN delay: reconnects in a tight loop).
 * @template {object} T @param {T} options @returns {Partial<T>}
 */
function defined(options) {
  return /** @type {Partial<T>} */ (Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)));
}

/**
 * Resolves `url` against the page (so `"rooms"` works under any context root) and maps http(s) to ws(s).
 * @param {string | URL} url
 */
function socketUrl(url) {
  const base = globalThis.location?.href;
  const resolved = base ? new URL(url, base) : new URL(url);
  resolved.protocol = resolved.protocol.replace(/^http/, "ws");
  if (resolved.protocol !== "ws:" && resolved.protocol !== "wss:") {
    throw new TypeError(`Not a WebSocket URL: ${resolved.href}`);
  }
  return resolved.href;
}

export class RoomgateClient {
  /** @type {string} */ #url;
  /** @type {(() => string | Promise<string>) | undefined} */ #getToken;
  /** @type {"subprotocol" | "connect"} */ #transport;
  /** @type {Required<ReconnectOptions> | false} */ #reconnect;
  /** @type {number} */ #requestTimeout;
  /** @type {number} */ #connectTimeout;
  /** @type {boolean} */ #autoRefresh;
  /** @type {number} */ #minRefreshInterval;
  /** @type {new (url: string, protocols: string[]) => WebSocket} */ #WebSocket;
  /** @type {(callback: () => void, ms: number) => any} */ #setTimeout;
  /** @type {(timer: any) => void} */ #clearTimeout;
  /** @type {() => number} */ #random;
  /** @type {(error: unknown) => void} */ #reportError;

  /** @type {ConnectionState} */ #state = "disconnected";
  /** @type {Map<string, Set<Function>>} */ #handlers = new Map();
  /** @type {WebSocket | null} the socket being opened or in use; events of any other are stale */
  #ws = null;
  /** bumped whenever the client stops, so that async steps of an abandoned attempt give up */
  #epoch = 0;
  /** @type {Identity | null} */ #identity = null;
  /** @type {string | null} the credential of the current connection (handshake or last refresh) */
  #token = null;
  /** @type {Set<string>} rooms to be in, re-joined after a reconnect */
  #rooms = new Set();
  /** @type {Set<string>} rooms the server confirmed on the current connection */
  #joined = new Set();
  /** @type {Map<string, number>} users per joined room: from snapshots and summaries, moved by joins and leaves */
  #counts = new Map();
  /**
   * @type {Map<string, Position>} per room with history, what this client has delivered: kept across
   *   reconnects to re-join with `since`; only for rooms whose epoch a room:joined told
   */
  #positions = new Map();
  /** @type {Map<string, Position>} the `since` of each re-join in flight on this connection */
  #asked = new Map();
  /** @type {Map<string, {until: number, count: number}>} rooms whose replay is arriving: up to which offset */
  #replays = new Map();
  /** whether #rooms is the client's own (false until the first hub:connected after connect()) */
  #session = false;
  /** @type {Map<string, {resolve: (payload: any) => void, reject: (error: ErrorPayload) => void, timer: any}>} */
  #pending = new Map();
  /** @type {Map<string, Frame>} */ #sent = new Map();
  #lastId = 0;
  /** @type {{resolve: (identity: Identity) => void, reject: (error: ErrorPayload) => void}[]} */
  #waiters = [];
  #attempt = 0;
  /** @type {any} */ #reconnectTimer = null;
  /** @type {any} */ #connectTimer = null;
  /** @type {Promise<{exp: number}> | null} */ #refreshing = null;
  /** @type {((error: ErrorPayload) => void) | null} rejects #refreshing when its socket goes */
  #abandonRefresh = null;
  /** @type {any} armed when an automatic refresh starts: until it fires, a warning waits (minRefreshInterval) */
  #refreshCooldown = null;
  /** @type {{exp: number} | null} the latest `token:expiring` of this connection that no refresh has answered yet */
  #expiringDue = null;
  /** @type {ErrorPayload | null} the hub:error that explains the close to come */
  #closeError = null;
  #kicked = false;
  /** @type {{token: string | null, error: ErrorPayload} | null} set by close 1008 `Token expired` */
  #expired = null;

  /**
   * @param {string | URL} url absolute ws:/wss:/http:/https: URL, or relative to the page (e.g. "rooms")
   * @param {RoomgateClientOptions} [options]
   */
  constructor(url, options = {}) {
    this.#url = socketUrl(url);
    this.#getToken = options.getToken;
    this.#transport = options.tokenTransport ?? "subprotocol";
    if (this.#transport !== "subprotocol" && this.#transport !== "connect") {
      throw new TypeError(`Unknown tokenTransport: ${this.#transport}`);
    }
    this.#reconnect = options.reconnect === false ? false : {
      baseDelay: 500, maxDelay: 30_000, shutdownBaseDelay: 5_000, overloadBaseDelay: 5_000, overloadMaxDelay: 60_000,
      factor: 2, jitter: 1, maxAttempts: Infinity, ...defined(options.reconnect ?? {}),
    };
    this.#requestTimeout = options.requestTimeout ?? 10_000;
    this.#connectTimeout = options.connectTimeout ?? 15_000;
    this.#autoRefresh = options.autoRefresh ?? true;
    const minRefreshInterval = options.minRefreshInterval ?? 10_000;
    if (typeof minRefreshInterval !== "number" || !(minRefreshInterval >= 0 && minRefreshInterval <= MAX_TIMER_DELAY)) {
      throw new TypeError(`minRefreshInterval must be a number of ms from 0 to ${MAX_TIMER_DELAY}: ${minRefreshInterval}`);
    }
    this.#minRefreshInterval = minRefreshInterval;
    const WebSocketClass = options.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocketClass !== "function") throw new TypeError("No WebSocket implementation");
    this.#WebSocket = WebSocketClass;
    // Called through arrows: browser timer functions throw when invoked on another `this`.
    const setTimer = options.setTimeout ?? globalThis.setTimeout;
    const clearTimer = options.clearTimeout ?? globalThis.clearTimeout;
    const report = options.reportError ?? globalThis.reportError ?? console.error;
    this.#setTimeout = (callback, ms) => setTimer(callback, ms);
    this.#clearTimeout = (timer) => clearTimer(timer);
    this.#random = options.random ?? Math.random;
    this.#reportError = (error) => report(error);
  }

  /** @returns {ConnectionState} */
  get state() {
    return this.#state;
  }

  /** @returns {Identity | null} the current `hub:connected` payload; null when disconnected */
  get identity() {
    return this.#identity;
  }

  /** @returns {string[]} the rooms this client is in, or will re-join after a reconnect */
  get rooms() {
    return [...this.#rooms];
  }

  /**
   * @returns {string[] | null} the permissions (PROTOCOL §10) of the current connection's token, from
   *   `hub:connected`; null when it has none (or when disconnected). `token:refreshed` does not carry
   *   them: after a refresh these are still the handshake token's
   */
  get permissions() {
    const permissions = this.#identity?.permissions;
    return permissions ? [...permissions] : null;
  }

  /**
   * Users in a room this connection is in, as the server last told (join, presence(), a large room's
   * summary) and joins and leaves since; undefined until then (the default room: call presence()).
   * @param {string} room
   * @returns {number | undefined}
   */
  count(room) {
    return this.#counts.get(room);
  }

  /**
   * Opens the connection. While connecting or reconnecting, waits for that; when connected, resolves
   * at once. A first connection that fails is not retried; a new connect() after the client stopped
   * starts afresh (the rooms of before are not re-joined).
   * @returns {Promise<Identity>} rejects with the `hub:error` payload (e.g. an invalid token), or a
   *   `closed`, `timeout` or `token_unavailable` {@link ErrorPayload}
   */
  connect() {
    if (this.#state === "connected") return Promise.resolve(/** @type {Identity} */ (this.#identity));
    /** @type {Promise<Identity>} */
    const connected = new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#state === "disconnected") {
      const epoch = this.#epoch;
      this.#setState("connecting");
      if (epoch === this.#epoch) this.#handshake(); // else a state handler closed the client
    }
    return connected;
  }

  /** Closes the connection (code 1000) for good: no reconnect, pending requests reject (`closed`). */
  close() {
    const ws = this.#ws;
    this.#ws = null;
    ws?.close(1000);
    if (this.#state !== "disconnected") this.#stop(failure("closed", "Client closed"), false);
  }

  /**
   * @param {string} room
   * @returns {Promise<JoinedRoom>} the room is re-joined after reconnects until left; with history on the
   *   server (PROTOCOL §8) the re-join recovers the messages sent meanwhile (`recovered`) or says they are
   *   lost (`gap`)
   */
  join(room) {
    return this.#request(this.#frame("room:join", { room }));
  }

  /**
   * The room leaves the re-join set at once, whether or not the server can be told.
   * @param {string} room
   * @returns {Promise<{room: string}>}
   */
  leave(room) {
    this.#rooms.delete(room);
    this.#positions.delete(room); // a later join is a new start, not a recovery
    return this.#request(this.#frame("room:leave", { room }));
  }

  /**
   * Fire-and-forget. A `hub:error` in reply (e.g. not a member) is emitted as `error` with this request.
   * @param {string} room
   * @param {any} data sent as JSON; undefined is sent as null
   * @param {{event?: string, echo?: boolean}} [options] event defaults to "message" on the server;
   *   echo: the sender gets its own `message` too
   * @returns {string | null} the frame id (an echo carries it), or null when not connected (then a
   *   `not_connected` error is emitted)
   */
  send(room, data, { event, echo } = {}) {
    const frame = this.#frame("room:send", { room, event, data: data ?? null, echo });
    if (this.#state !== "connected") {
      this.#emit("error", failure("not_connected", "Not connected"), frame);
      return null;
    }
    this.#sent.set(/** @type {string} */ (frame.id), frame);
    if (this.#sent.size > SENT_MEMORY) this.#sent.delete(/** @type {string} */ (this.#sent.keys().next().value));
    this.#write(frame);
    return /** @type {string} */ (frame.id);
  }

  /**
   * One page of the room's users in userId order: the first, or those after `after`.
   * @param {string} room
   * @param {{after?: string}} [options] the last userId of the previous page
   * @returns {Promise<PresenceSnapshot>}
   */
  presence(room, { after } = {}) {
    return this.#request(this.#frame("room:presence", { room, after }));
  }

  /**
   * Every user of the room, page by page: each once, in userId order (users who come or go meanwhile
   * may or may not be listed). Pages cost a request each: a large room's members are better paged on
   * demand with presence().
   * @param {string} room
   * @returns {Promise<PresenceSnapshot>} all the members, with the count of the last page
   */
  async presenceAll(room) {
    let page = await this.presence(room);
    const members = [...page.members];
    while (page.truncated && page.members.length > 0) {
      page = await this.presence(room, { after: page.members[page.members.length - 1].userId });
      members.push(...page.members);
    }
    return { room, members, count: page.count };
  }

  /**
   * Needs role moderator or admin.
   * @param {string} room
   * @param {string} userId
   * @param {{reason?: string, banSeconds?: number}} [options]
   * @returns {Promise<{}>} resolves on `hub:ok`
   */
  kick(room, userId, { reason, banSeconds } = {}) {
    return this.#request(this.#frame("mod:kick", { room, userId, reason, banSeconds }));
  }

  /** @returns {Promise<{}>} resolves on `pong` */
  ping() {
    return this.#request(this.#frame("ping", {}));
  }

  /**
   * Gets a token from getToken() and sends `token:refresh`, at once: `minRefreshInterval` spaces automatic
   * refreshes only. Single-flight: while one refresh runs, every call joins it, and a `token:expiring` waits for
   * it (and counts as answered unless the new token has the warned `exp`). A token identical to the current one
   * is not sent, since nothing would change: the refresh resolves with the current `exp`, without a `refreshed`
   * event. Failures that leave the connection open (`user_mismatch`, `token_unavailable`, `timeout`) are emitted
   * as `error` too; an `unauthorized` one ends the connection.
   * When the connection ends first it rejects `closed` at once, even while getToken() has not answered.
   * @returns {Promise<{exp: number}>}
   */
  refreshToken() {
    if (this.#state !== "connected") return Promise.reject(failure("not_connected", "Not connected"));
    if (!this.#refreshing) {
      // settled by the refresh, or at once when its socket goes: getToken() may take long, or never answer
      /** @type {Promise<{exp: number}>} */
      const refreshing = new Promise((resolve, reject) => {
        this.#abandonRefresh = reject;
        this.#refresh().then(resolve, reject);
      });
      /** @param {{exp: number} | null} refreshed */
      const done = (refreshed) => {
        if (this.#refreshing !== refreshing) return; // abandoned with its socket
        this.#refreshing = null;
        this.#abandonRefresh = null;
        // a warning that came meanwhile was for the token just replaced, unless it names the new token's exp
        // (the server warns a short-lived new token at once, maybe before its token:refreshed)
        if (refreshed && this.#expiringDue && this.#expiringDue.exp !== refreshed.exp) this.#expiringDue = null;
        this.#autoRefreshIfDue();
      };
      refreshing.then(done, () => done(null));
      this.#refreshing = refreshing;
    }
    return this.#refreshing;
  }

  /**
   * @template {keyof RoomgateEvents} E
   * @param {E} event
   * @param {(...args: RoomgateEvents[E]) => void} handler
   * @returns {() => void} removes the handler
   */
  on(event, handler) {
    if (!EVENTS.has(event)) throw new TypeError(`Unknown event: ${event}`);
    if (typeof handler !== "function") throw new TypeError("handler must be a function");
    let handlers = this.#handlers.get(event);
    if (!handlers) this.#handlers.set(event, handlers = new Set());
    handlers.add(handler);
    return () => this.off(event, handler);
  }

  /**
   * @template {keyof RoomgateEvents} E
   * @param {E} event
   * @param {(...args: RoomgateEvents[E]) => void} handler
   */
  off(event, handler) {
    this.#handlers.get(event)?.delete(handler);
  }

  // ---- connection ----

  async #handshake() {
    const epoch = this.#epoch;
    /** @type {string | null} */
    let token = null;
    if (this.#getToken) {
      try {
        token = await this.#fetchToken();
      } catch (cause) {
        if (epoch !== this.#epoch) return;
        // after `Token expired` a token is the only way back: without one, stop
        if (this.#expired) this.#stop(tokenError(cause));
        else this.#attemptFailed(tokenError(cause));
        return;
      }
      if (epoch !== this.#epoch) return;
    }
    if (this.#expired) {
      const expired = this.#expired;
      this.#expired = null;
      if (token === expired.token) {
        this.#stop(expired.error);
        return;
      }
    }
    this.#open(token);
  }

  /** @param {string | null} token */
  #open(token) {
    const inSubprotocol = token !== null && this.#transport === "subprotocol" && SUBPROTOCOL_SAFE.test(token);
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new this.#WebSocket(this.#url, inSubprotocol ? [SUBPROTOCOL, "bearer." + token] : [SUBPROTOCOL]);
    } catch (cause) {
      // a URL or security error: trying again cannot help
      this.#stop(failure("closed", String(/** @type {any} */ (cause)?.message ?? cause), { cause }));
      return;
    }
    this.#ws = ws;
    this.#token = token;
    this.#closeError = null;
    this.#kicked = false;
    this.#connectTimer = this.#setTimeout(() => {
      this.#connectTimer = null;
      this.#ws = null;
      ws.close();
      this.#attemptFailed(failure("timeout", `No hub:connected within ${this.#connectTimeout} ms`));
    }, this.#connectTimeout);
    ws.onopen = () => {
      if (ws === this.#ws && token !== null && !inSubprotocol) {
        this.#write({ type: "hub:connect", payload: { version: PROTOCOL_VERSION, jwt: token } });
      }
    };
    ws.onmessage = (event) => {
      if (ws === this.#ws) this.#receive(event.data);
    };
    ws.onclose = (event) => this.#closed(ws, event.code, event.reason);
  }

  /** @param {WebSocket} ws @param {number} code @param {string} reason */
  #closed(ws, code, reason) {
    if (ws === this.#ws) {
      this.#ws = null;
      this.#connectTimer = this.#clear(this.#connectTimer);
      const error = this.#closeError ?? closedError(code, reason);
      this.#dropConnection(closedError(code, reason));
      if (this.#state === "connecting") {
        this.#stop(error); // the first connection is the caller's to retry
      } else if (this.#kicked) {
        this.#stop(error, false); // `kicked` has told it
      } else if (code === 1008 && reason === "Token expired" && this.#reconnect) {
        this.#expired = { token: this.#token, error };
        this.#schedule(0);
      } else if (TERMINAL_CLOSE_CODES.has(code)) {
        this.#stop(error);
      } else {
        this.#attemptFailed(error, code);
      }
    }
    // last, so that a handler sees the state the close led to
    this.#emit("close", { code, reason });
  }

  /** A handshake or an established connection failed in a way that a later attempt may not. */
  #attemptFailed(/** @type {ErrorPayload} */ error, /** @type {number} */ closeCode = 0) {
    const options = this.#reconnect;
    if (this.#state === "connecting" || !options || this.#attempt >= options.maxAttempts) {
      this.#stop(error);
      return;
    }
    const [base, max] = closeCode === OVERLOADED ? [options.overloadBaseDelay, options.overloadMaxDelay]
      : closeCode === SHUTTING_DOWN ? [options.shutdownBaseDelay, options.maxDelay]
        : [options.baseDelay, options.maxDelay];
    const ceiling = Math.min(max, base * options.factor ** this.#attempt);
    this.#schedule(Math.round(ceiling * (1 - options.jitter * this.#random())));
  }

  /** @param {number} delay */
  #schedule(delay) {
    const epoch = this.#epoch;
    this.#attempt += 1;
    // armed before any handler runs, so that one calling close() clears it like every other timer
    this.#reconnectTimer = this.#setTimeout(() => {
      this.#reconnectTimer = null;
      this.#handshake();
    }, delay);
    this.#setState("reconnecting");
    if (epoch === this.#epoch) this.#emit("reconnecting", { attempt: this.#attempt, delay });
  }

  /**
   * Ends the client: state disconnected, nothing pending, no timer left.
   * @param {ErrorPayload} error rejects waiting connect() calls; without any, it is emitted if `report`
   */
  #stop(error, report = true) {
    this.#epoch += 1;
    this.#reconnectTimer = this.#clear(this.#reconnectTimer);
    this.#connectTimer = this.#clear(this.#connectTimer);
    this.#dropConnection(error);
    this.#rooms.clear();
    this.#positions.clear();
    this.#session = false;
    this.#identity = null;
    this.#expired = null;
    this.#attempt = 0;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    // state first: a handler that reacts to the error by calling connect() starts afresh
    this.#setState("disconnected");
    if (report && waiters.length === 0) this.#emit("error", error, undefined);
  }

  /** What dies with a socket: its requests, its confirmed rooms, its refresh. */
  #dropConnection(/** @type {ErrorPayload} */ error) {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) {
      this.#clearTimeout(request.timer);
      request.reject(error);
    }
    this.#sent.clear();
    this.#joined.clear();
    this.#counts.clear();
    this.#asked.clear();
    this.#replays.clear(); // the rest of a replay comes with the next re-join, from the last offset delivered
    this.#abandonRefresh?.(error); // the refresh itself gives up once getToken() answers
    this.#abandonRefresh = null;
    this.#refreshing = null;
    this.#refreshCooldown = this.#clear(this.#refreshCooldown); // a new connection's first warning goes at once
    this.#expiringDue = null;
  }

  /** @param {any} timer @returns {null} */
  #clear(timer) {
    if (timer !== null) this.#clearTimeout(timer);
    return null;
  }

  async #fetchToken() {
    if (!this.#getToken) throw new TypeError("No getToken option");
    const token = await this.#getToken();
    if (typeof token !== "string" || token === "") throw new TypeError("getToken() gave no token");
    return token;
  }

  async #refresh() {
    const ws = this.#ws;
    /** @type {string} */
    let token;
    try {
      token = await this.#fetchToken();
    } catch (cause) {
      const error = tokenError(cause);
      if (ws === this.#ws) this.#emit("error", error, undefined);
      throw error;
    }
    if (ws !== this.#ws || this.#state !== "connected") throw failure("not_connected", "Not connected");
    // the server would only re-arm the same deadlines, and warn again at once if little is left
    if (token === this.#token) return { exp: /** @type {Identity} */ (this.#identity).exp };
    const frame = this.#frame("token:refresh", { token });
    try {
      const refreshed = await this.#request(frame);
      this.#token = token;
      return refreshed;
    } catch (error) {
      // an unauthorized refresh is reported with the close that follows it, a closed one by the close
      const { code } = /** @type {ErrorPayload} */ (error);
      if (code !== "unauthorized" && code !== "closed") this.#emit("error", /** @type {ErrorPayload} */ (error), frame);
      throw error;
    }
  }

  /**
   * Answers the due warning with an automatic refresh, unless one is in flight (its end calls this again) or
   * the previous one started less than minRefreshInterval ago (the cooldown's end calls this again).
   */
  #autoRefreshIfDue() {
    if (!this.#expiringDue || this.#refreshing || this.#refreshCooldown !== null || this.#state !== "connected") return;
    this.#expiringDue = null;
    if (this.#minRefreshInterval > 0) {
      this.#refreshCooldown = this.#setTimeout(() => {
        this.#refreshCooldown = null;
        this.#autoRefreshIfDue();
      }, this.#minRefreshInterval);
    }
    this.refreshToken().catch(() => {}); // failures are emitted by the refresh itself
  }

  // ---- frames ----

  /** @param {string} type @param {Record<string, any>} payload @returns {Frame} */
  #frame(type, payload) {
    this.#lastId += 1;
    // undefined options are not sent: dropped here too, so error events name the frame as sent
    return { type, id: "c" + this.#lastId, payload: defined(payload) };
  }

  /** @param {Frame} frame */
  #write(frame) {
    this.#ws?.send(JSON.stringify(frame));
  }

  /** @param {Frame} frame @returns {Promise<any>} */
  #request(frame) {
    if (this.#state !== "connected") return Promise.reject(failure("not_connected", "Not connected"));
    const id = /** @type {string} */ (frame.id);
    return new Promise((resolve, reject) => {
      const timer = this.#setTimeout(() => {
        this.#pending.delete(id);
        reject(failure("timeout", `No reply within ${this.#requestTimeout} ms`, { type: frame.type, id }));
      }, this.#requestTimeout);
      this.#pending.set(id, { resolve, reject, timer });
      this.#write(frame);
    });
  }

  /** @param {unknown} text */
  #receive(text) {
    /** @type {any} */
    let frame;
    try {
      frame = JSON.parse(String(text));
    } catch {
      return; // not JSON: nothing a client could act on
    }
    if (typeof frame?.type !== "string") return;
    const id = typeof frame.id === "string" ? frame.id : undefined;
    const payload = frame.payload ?? {};
    switch (frame.type) {
      case "hub:connected":
        this.#connected(payload);
        return;
      case "hub:error":
        this.#error(payload, id);
        return;
      case "room:joined":
        this.#joined.add(payload.room);
        this.#rooms.add(payload.room);
        this.#count(payload);
        this.#roomJoined(payload);
        break;
      case "room:left": {
        const wanted = this.#rooms.delete(payload.room);
        this.#counts.delete(payload.room);
        this.#positions.delete(payload.room);
        // without an id the server decided it: a refreshed token no longer allows the room
        if (this.#joined.delete(payload.room) && wanted && id === undefined) this.#emit("left", { room: payload.room });
        break;
      }
      case "room:message":
        if (id !== undefined) this.#sent.delete(id); // the echo: the send went through
        // messages may overtake our room:joined or follow our room:left (protocol notes)
        if (this.#joined.has(payload.room)) this.#message(payload);
        break;
      case "room:presence":
        this.#count(payload);
        if (id === undefined && !("members" in payload) && this.#joined.has(payload.room)) {
          this.#emit("presence", payload);
        }
        break;
      case "user:kicked":
        this.#userKicked(payload);
        break;
      case "token:expiring":
        // due before the event, so that a handler's refreshToken() answers it and its close() drops it
        if (this.#autoRefresh && this.#getToken && this.#state === "connected") this.#expiringDue = { exp: payload.exp };
        this.#emit("expiring", { exp: payload.exp });
        this.#autoRefreshIfDue();
        break;
      case "token:refreshed":
        if (this.#identity) this.#identity = { ...this.#identity, exp: payload.exp };
        this.#emit("refreshed", { exp: payload.exp });
        break;
    }
    const request = id === undefined ? undefined : this.#pending.get(id);
    if (request) {
      this.#pending.delete(/** @type {string} */ (id));
      this.#clearTimeout(request.timer);
      request.resolve(payload);
    }
  }

  /** @param {Identity} identity */
  #connected(identity) {
    this.#connectTimer = this.#clear(this.#connectTimer);
    this.#attempt = 0;
    this.#identity = identity;
    const listed = identity.rooms ?? [];
    this.#joined = new Set(listed);
    // joined by the server without a room:joined: no epoch to check offsets against, nothing to recover
    for (const room of listed) this.#positions.delete(room);
    const resumed = this.#session;
    if (!resumed) {
      this.#rooms = new Set(listed);
      this.#session = true;
    }
    const epoch = this.#epoch;
    this.#setState("connected");
    if (epoch !== this.#epoch) return; // a state handler closed the client
    if (resumed) {
      for (const room of listed) {
        // the server's default room, left before the drop: leave it again
        if (this.#rooms.has(room)) continue;
        this.#joined.delete(room);
        this.#request(this.#frame("room:leave", { room })).catch(() => {});
      }
      for (const room of this.#rooms) {
        if (!this.#joined.has(room)) this.#rejoin(room);
      }
    }
    this.#emit("connected", identity);
    // a handler that closed the client rejected these waiters; any new ones wait for the next connection
    if (epoch !== this.#epoch) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve(identity);
  }

  /** @param {string} room */
  #rejoin(room) {
    const position = this.#positions.get(room);
    const since = position && { epoch: position.epoch, offset: position.offset };
    if (position) this.#asked.set(room, position);
    const frame = this.#frame("room:join", { room, since });
    this.#request(frame).catch((/** @type {ErrorPayload} */ error) => {
      if (error.code === "closed") return; // dropped again: the next connection tries
      this.#rooms.delete(room);
      this.#positions.delete(room);
      this.#asked.delete(room);
      this.#emit("error", error, frame);
    });
  }

  /**
   * Takes the room's epoch and offset (PROTOCOL §8) and answers a re-join that asked to recover: the
   * replay follows (then `recovered`), or what was missed is lost (`gap`).
   * @param {Record<string, any>} joined a `room:joined` payload
   */
  #roomJoined(joined) {
    const room = joined.room;
    const asked = this.#asked.get(room);
    this.#asked.delete(room);
    this.#replays.delete(room); // of an earlier join of the room, left meanwhile
    const history = typeof joined.epoch === "string" && Number.isInteger(joined.offset);
    if (asked && joined.recovered === true && history && joined.epoch === asked.epoch) {
      // the replay, offsets asked.offset + 1 to joined.offset, comes next and moves the position itself
      if (joined.offset > asked.offset) this.#replays.set(room, { until: joined.offset, count: 0 });
      else this.#emit("recovered", { room, count: 0 });
      return;
    }
    if (history) this.#positions.set(room, { epoch: joined.epoch, offset: joined.offset, ts: 0 });
    else this.#positions.delete(room);
    if (asked) this.#emit("gap", { room });
  }

  /**
   * Delivers a message of a joined room once: with history, one whose offset is not past the last one
   * delivered is a copy (a replay and a live message racing), unless it starts a new epoch.
   * @param {Message} message
   */
  #message(message) {
    const room = message.room;
    const position = this.#positions.get(room);
    const offset = message.offset;
    if (position && Number.isInteger(offset)) {
      const replay = this.#replays.get(room);
      const offsetAt = /** @type {number} */ (offset);
      if (offsetAt <= position.offset) {
        // a room's history lost while this client was in it starts again at 1 under an epoch it is not
        // told: that message is newer than any delivered, a copy is not; the stale epoch makes the next
        // re-join report a gap rather than trust these offsets
        const restarted = offsetAt === 1 && !replay && message.ts > position.ts;
        if (!restarted) return;
      }
      this.#positions.set(room, { epoch: position.epoch, offset: offsetAt, ts: message.ts });
      this.#emit("message", message);
      if (replay && offsetAt <= replay.until) replay.count += 1;
      if (replay && offsetAt >= replay.until && this.#replays.get(room) === replay) {
        this.#replays.delete(room);
        this.#emit("recovered", { room, count: replay.count });
      }
      return;
    }
    this.#emit("message", message);
  }

  /** @param {ErrorPayload} error @param {string | undefined} id */
  #error(error, id) {
    // before hub:connected an error explains the close; unauthorized always precedes a 1008 close
    const explainsClose = this.#state !== "connected" || error.code === "unauthorized";
    if (explainsClose) this.#closeError = error;
    const request = id === undefined ? undefined : this.#pending.get(id);
    if (request) {
      this.#pending.delete(/** @type {string} */ (id));
      this.#clearTimeout(request.timer);
      request.reject(error);
    } else if (!explainsClose) {
      const sent = id === undefined ? undefined : this.#sent.get(id);
      if (id !== undefined) this.#sent.delete(id);
      this.#emit("error", error, sent);
    }
  }

  /**
   * Keeps count(room) (PROTOCOL §2.0): a snapshot or a large room's summary says it, a join or leave
   * moves it. Only for rooms this connection is in.
   * @param {Record<string, any>} payload a `room:joined` or `room:presence` payload
   */
  #count(payload) {
    const room = payload.room;
    if (!this.#joined.has(room)) return;
    const known = this.#counts.get(room);
    if (typeof payload.count === "number") this.#counts.set(room, payload.count);
    else if (known !== undefined && "joined" in payload) this.#counts.set(room, known + 1);
    else if (known !== undefined && "left" in payload) this.#counts.set(room, known - 1);
  }

  /** @param {Kick} kick */
  #userKicked(kick) {
    if (kick.userId === this.#identity?.userId) {
      this.#kicked = true; // the server closes every connection of this user: do not come back
      this.#rooms.delete(kick.room);
      this.#positions.delete(kick.room);
      this.#joined.delete(kick.room);
      this.#counts.delete(kick.room);
      this.#emit("kicked", kick);
    } else if (this.#joined.has(kick.room)) {
      this.#emit("kicked", kick);
    }
  }

  // ---- events ----

  /** @param {ConnectionState} state */
  #setState(state) {
    const previous = this.#state;
    if (state === previous) return;
    this.#state = state;
    this.#emit("state", state, previous);
  }

  /** @param {string} event @param {...any} args */
  #emit(event, ...args) {
    for (const handler of [...(this.#handlers.get(event) ?? [])]) {
      try {
        handler(...args);
      } catch (error) {
        this.#reportError(error); // one broken handler must not starve the others, nor the client
      }
    }
  }
}
