// Unit tests of the browser client (src/main/webapp/js/roomgate-client.js) under Node's own runner:
//   node --test src/test/js/
// A fake WebSocket plays the server, a fake clock and a seeded random make reconnects deterministic.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { RoomgateClient } from "../../main/webapp/js/roomgate-client.js";

const URL_ = "ws://hub.test/app/rooms";
const EVENTS = ["state", "connected", "reconnecting", "message", "presence", "kicked",
  "error", "expiring", "refreshed", "close", "left", "recovered", "gap"];

/** Lets pending promise callbacks and async functions run to their next real wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

class FakeClock {
  now = 0;
  #timers = new Map();
  #next = 1;
  setTimeout = (callback, ms) => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + Math.max(0, ms), callback });
    return id;
  };
  clearTimeout = (id) => {
    this.#timers.delete(id);
  };
  get pending() {
    return this.#timers.size;
  }
  /** Runs every timer due within `ms`, in order, letting promises settle between them. */
  async advance(ms) {
    const end = this.now + ms;
    for (;;) {
      await settle();
      const [due] = [...this.#timers]
        .filter(([, timer]) => timer.at <= end)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b);
      if (!due) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.now = timer.at;
      timer.callback();
    }
    this.now = end;
    await settle();
  }
}

/** mulberry32: a small seeded generator. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The browser's WebSocket as the client uses it; the test drives the server's side. */
class FakeSocket {
  sent = [];
  closedWith = [];
  readyState = 0;
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
  }
  send(text) {
    assert.equal(this.readyState, 1, "send on a socket that is not open");
    this.sent.push(JSON.parse(text));
  }
  close(code) {
    this.closedWith.push(code);
    this.readyState = 2;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(type, payload, id) {
    this.onmessage?.({ data: JSON.stringify(id === undefined ? { type, payload } : { type, id, payload }) });
  }
  drop(code, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: code !== 1006 });
  }
  /** The last frame of `type` the client sent. */
  last(type) {
    return this.sent.findLast((frame) => frame.type === type);
  }
}

function identity(overrides = {}) {
  return {
    userId: "alice", username: "Alice", roles: ["moderator"], tenant: "acme",
    clientId: "conn-1", exp: 2_000_000_000, rooms: ["default"], ...overrides,
  };
}

/**
 * A client wired to fakes. getToken hands out tok1, tok2, ... unless `options.getToken` is given.
 * `log` records every event as [name, ...args].
 */
function setup(options = {}) {
  const clock = new FakeClock();
  const sockets = [];
  class Socket extends FakeSocket {
    constructor(url, protocols) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  const tokenCalls = { count: 0 };
  const getToken = async () => `tok${++tokenCalls.count}`;
  const reported = [];
  const client = new RoomgateClient(options.url ?? URL_, {
    getToken,
    WebSocket: Socket,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: seeded(7),
    reportError: (error) => reported.push(error),
    ...options,
  });
  const log = [];
  for (const name of EVENTS) client.on(name, (...args) => log.push([name, ...args]));
  const events = (name) => log.filter(([event]) => event === name).map(([, ...args]) => args);
  const socket = () => sockets.at(-1);
  /** connect() and let the server accept with `hello` as hub:connected. */
  async function connect(hello = identity()) {
    const connected = client.connect();
    await settle();
    socket().open();
    socket().receive("hub:connected", hello);
    return connected;
  }
  /** The pending reconnect attempt's socket, accepted by the server. */
  async function reconnect(hello = identity({ clientId: "conn-2" })) {
    const [info] = events("reconnecting").at(-1);
    await clock.advance(info.delay);
    socket().open();
    socket().receive("hub:connected", hello);
    await settle();
  }
  return { client, clock, sockets, socket, tokenCalls, reported, log, events, connect, reconnect };
}

/** A promise with its resolvers outside. */
function deferred() {
  let resolve, reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  return { promise, resolve, reject };
}

const states = (ctx) => ctx.events("state").map(([state]) => state);
const TEN_MINUTES = 600_000;

/** Nothing more happens however long one waits: no socket beyond `sockets`, and the client is disconnected. */
async function assertStaysDisconnected(ctx, sockets = 1) {
  await ctx.clock.advance(TEN_MINUTES);
  assert.equal(ctx.sockets.length, sockets);
  assert.equal(ctx.client.state, "disconnected");
}

describe("connecting", () => {
  test("state goes disconnected → connecting → connected and connect() resolves with the identity", async () => {
    const ctx = setup();
    assert.equal(ctx.client.state, "disconnected");
    const hello = identity({ warning: "token_expired_grace" });
    const result = await ctx.connect(hello);
    assert.deepEqual(result, hello);
    assert.deepEqual(ctx.client.identity, hello);
    assert.equal(ctx.client.state, "connected");
    assert.deepEqual(ctx.events("state"), [["connecting", "disconnected"], ["connected", "connecting"]]);
    assert.deepEqual(ctx.events("connected"), [[hello]]);
    assert.deepEqual(ctx.client.rooms, ["default"]);
  });

  test("the token rides as a bearer subprotocol next to rooms.v1, never in the URL", async () => {
    const ctx = setup();
    await ctx.connect();
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1", "bearer.tok1"]);
    assert.equal(ctx.socket().url, URL_);
    assert.ok(!ctx.socket().url.includes("tok1"));
    assert.deepEqual(ctx.socket().sent, [], "nothing to send for authentication");
  });

  test("a relative URL resolves against the page, http to ws and https to wss", () => {
    const urls = [];
    const WebSocket = class extends FakeSocket {
      constructor(url, protocols) {
        super(url, protocols);
        urls.push(url);
      }
    };
    const resolve = (href, url) => {
      globalThis.location = { href };
      try {
        return new RoomgateClient(url, { WebSocket });
      } finally {
        delete globalThis.location;
      }
    };
    for (const client of [resolve("https://example.test/ctx/page.html", "rooms"),
      resolve("http://localhost:8080/index.html", "rooms"),
      resolve("http://localhost:8080/index.html", "wss://other.test/rooms")]) {
      client.connect().catch(() => {});
      client.close();
    }
    assert.deepEqual(urls, ["wss://example.test/ctx/rooms", "ws://localhost:8080/rooms", "wss://other.test/rooms"]);
    assert.throws(() => new RoomgateClient("ftp://example.test/rooms", { WebSocket }), TypeError);
  });

  test('tokenTransport "connect" offers only rooms.v1 and sends hub:connect as the first frame', async () => {
    const ctx = setup({ tokenTransport: "connect" });
    const connected = ctx.client.connect();
    await ctx.clock.advance(0);
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1"]);
    assert.deepEqual(ctx.socket().sent, [], "nothing before the socket is open");
    ctx.socket().open();
    assert.deepEqual(ctx.socket().sent, [{ type: "hub:connect", payload: { version: "1.1", jwt: "tok1" } }]);
    ctx.socket().receive("hub:connected", identity());
    await connected;
  });

  test("a token a subprotocol cannot carry (dev: tokens) goes by hub:connect", async () => {
    const ctx = setup({ getToken: () => "dev:alice:moderator,admin@acme" });
    const connected = ctx.client.connect();
    await settle();
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1"]);
    ctx.socket().open();
    assert.deepEqual(ctx.socket().sent[0].payload.jwt, "dev:alice:moderator,admin@acme");
    ctx.socket().receive("hub:connected", identity());
    await connected;
  });

  test("without getToken it connects with no credential (a dev-mode guest)", async () => {
    const ctx = setup({ getToken: undefined });
    await ctx.connect(identity({ userId: "guest-1", roles: ["guest"], tenant: null }));
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1"]);
    assert.deepEqual(ctx.socket().sent, []);
  });

  test("an invalid token: connect() rejects with the hub:error payload, no reconnect ever", async () => {
    const ctx = setup();
    const connected = ctx.client.connect();
    await settle();
    const error = { code: "unauthorized", message: "Invalid JWT: signature verification failed", details: {} };
    ctx.socket().open();
    ctx.socket().receive("hub:error", error);
    ctx.socket().drop(1008, "Unauthorized");
    await assert.rejects(connected, (rejection) => {
      assert.deepEqual(rejection, error);
      return true;
    });
    assert.equal(ctx.client.state, "disconnected");
    await assertStaysDisconnected(ctx);
    assert.equal(ctx.tokenCalls.count, 1);
    assert.deepEqual(ctx.events("error"), [], "the rejection is the report");
    assert.deepEqual(ctx.events("close"), [[{ code: 1008, reason: "Unauthorized" }]]);
  });

  test("server down (1006 before hub:connected): connect() rejects closed, no retry", async () => {
    const ctx = setup();
    const connected = ctx.client.connect();
    await settle();
    ctx.socket().drop(1006);
    await assert.rejects(connected, (error) => {
      assert.deepEqual(error, { code: "closed", message: "Connection closed", details: { closeCode: 1006, reason: "" } });
      return true;
    });
    await assertStaysDisconnected(ctx);
    assert.deepEqual(states(ctx), ["connecting", "disconnected"]);
  });

  test("getToken failing: connect() rejects token_unavailable without opening a socket", async () => {
    const cause = new Error("login expired");
    const ctx = setup({ getToken: () => Promise.reject(cause) });
    await assert.rejects(ctx.client.connect(), (error) => {
      assert.equal(error.code, "token_unavailable");
      assert.equal(error.details.cause, cause);
      return true;
    });
    assert.equal(ctx.sockets.length, 0);
    assert.equal(ctx.client.state, "disconnected");
  });

  test("no hub:connected within connectTimeout: rejects timeout and closes the socket", async () => {
    const ctx = setup({ connectTimeout: 3_000 });
    const connected = ctx.client.connect();
    const rejected = assert.rejects(connected, { code: "timeout" });
    await settle();
    ctx.socket().open();
    await ctx.clock.advance(3_000);
    await rejected;
    assert.deepEqual(ctx.socket().closedWith, [undefined]);
    assert.equal(ctx.client.state, "disconnected");
  });

  test("connect() while connected resolves at once; while connecting it joins the attempt", async () => {
    const ctx = setup();
    const first = ctx.client.connect();
    const second = ctx.client.connect();
    await settle();
    assert.equal(ctx.sockets.length, 1);
    ctx.socket().open();
    ctx.socket().receive("hub:connected", identity());
    assert.equal(await first, await second);
    assert.equal(await ctx.client.connect(), await first);
    assert.equal(ctx.sockets.length, 1);
  });
});

describe("reconnecting", () => {
  test("1006 after connected: growing jittered delays, a fresh token each time, rooms re-joined", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.socket().drop(1006);
    assert.equal(ctx.client.state, "reconnecting");

    // six failed attempts, then success
    const ratios = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      const [info] = ctx.events("reconnecting").at(-1);
      const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
      assert.equal(info.attempt, attempt);
      assert.ok(info.delay >= 0 && info.delay <= ceiling, `attempt ${attempt}: ${info.delay} ms`);
      ratios.push(info.delay / ceiling);
      const sockets = ctx.sockets.length;
      await ctx.clock.advance(info.delay - 1);
      assert.equal(ctx.sockets.length, sockets, "not before the delay");
      await ctx.clock.advance(1);
      assert.equal(ctx.sockets.length, sockets + 1);
      assert.deepEqual(ctx.socket().protocols, ["rooms.v1", `bearer.tok${attempt + 1}`]);
      if (attempt < 7) ctx.socket().drop(1006);
    }
    assert.ok(new Set(ratios).size > 1, "jittered");
    assert.equal(ctx.tokenCalls.count, 8, "getToken before every handshake");

    ctx.socket().open();
    const hello = identity({ clientId: "conn-2", rooms: ["default"] });
    ctx.socket().receive("hub:connected", hello);
    assert.equal(ctx.client.state, "connected");
    assert.deepEqual(ctx.socket().sent.map(({ type, payload }) => [type, payload]),
      [["room:join", { room: "lobby" }]], "the default room is already joined");
    assert.deepEqual(ctx.events("connected").map(([who]) => who.clientId), ["conn-1", "conn-2"]);
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    assert.deepEqual(ctx.client.rooms.sort(), ["default", "lobby"]);

    // a successful connection resets the backoff
    ctx.socket().drop(1006);
    const [info] = ctx.events("reconnecting").at(-1);
    assert.equal(info.attempt, 1);
    assert.ok(info.delay >= 0 && info.delay <= 500);
  });

  /** Ten equal bins over [0, ceiling]: each holds its tenth, within 2.5 percentage points. */
  function assertUniform(delays, ceiling) {
    assert.ok(delays.every((delay) => delay >= 0 && delay <= ceiling), "within [0, ceiling]");
    const bins = new Array(10).fill(0);
    for (const delay of delays) bins[Math.min(9, Math.floor((delay / ceiling) * 10))]++;
    for (const count of bins) {
      assert.ok(Math.abs(count / delays.length - 0.1) < 0.025, `bins ${bins}`);
    }
  }

  for (const [code, reason, ceiling] of [[1006, "", 500], [1011, "Internal error", 500], [1001, "Server shutting down", 5_000]]) {
    test(`after ${code} clients dropped together spread their first attempt evenly over 0 to ${ceiling} ms`, async () => {
      const delays = [];
      for (let seed = 1; seed <= 2_000; seed++) {
        const ctx = setup({ random: seeded(seed) });
        await ctx.connect();
        ctx.socket().drop(code, reason);
        delays.push(ctx.events("reconnecting").at(-1)[0].delay);
      }
      assertUniform(delays, ceiling);
    });
  }

  for (const [code, reason] of [[1001, "Server shutting down"], [1011, "Internal error"], [1005, ""], [4000, "custom"]]) {
    test(`close ${code} after connected reconnects`, async () => {
      const ctx = setup();
      await ctx.connect();
      ctx.socket().drop(code, reason);
      assert.equal(ctx.client.state, "reconnecting");
      await ctx.reconnect();
      assert.equal(ctx.sockets.length, 2);
      assert.equal(ctx.client.state, "connected");
      assert.deepEqual(ctx.events("error"), []);
    });
  }

  test("1013 backs off longer: 5 s doubling, capped at 60 s", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().drop(1013, "Rate limited");
    for (let attempt = 1; attempt <= 6; attempt++) {
      const [info] = ctx.events("reconnecting").at(-1);
      const ceiling = Math.min(60_000, 5_000 * 2 ** (attempt - 1));
      assert.ok(info.delay >= 0 && info.delay <= ceiling, `attempt ${attempt}: ${info.delay} ms`);
      await ctx.clock.advance(info.delay);
      ctx.socket().open();
      ctx.socket().receive("hub:error", { code: "rate_limited", message: "Too many requests", details: {} });
      ctx.socket().drop(1013, "Rate limited");
    }
    assert.deepEqual(ctx.events("error"), [], "errors of failed attempts are not reported while retrying");
  });

  test("backoff options are honoured, and maxAttempts ends in disconnected with the last error", async () => {
    const ctx = setup({ reconnect: { baseDelay: 100, factor: 3, maxDelay: 1_000, jitter: 0, maxAttempts: 4 } });
    await ctx.connect();
    ctx.socket().drop(1006);
    const delays = [];
    while (ctx.client.state === "reconnecting") {
      const [info] = ctx.events("reconnecting").at(-1);
      delays.push(info.delay);
      await ctx.clock.advance(info.delay);
      ctx.socket().drop(1011, "Internal error");
    }
    assert.deepEqual(delays, [100, 300, 900, 1_000]);
    assert.equal(ctx.client.state, "disconnected");
    assert.deepEqual(ctx.events("error"),
      [[{ code: "closed", message: "Internal error", details: { closeCode: 1011, reason: "Internal error" } }, undefined]]);
  });

  for (const [code, reason] of [[1006, ""], [1008, "Token expired"]]) {
    test(`reconnect: false stops on a drop (${code} ${reason})`, async () => {
      const ctx = setup({ reconnect: false });
      await ctx.connect();
      ctx.socket().drop(code, reason);
      assert.equal(ctx.client.state, "disconnected");
      assert.equal(ctx.events("error").length, 1);
      await assertStaysDisconnected(ctx);
    });
  }

  test("getToken failing during reconnects counts as a failed attempt", async () => {
    let fail = false;
    let n = 0;
    const ctx = setup({ getToken: async () => { if (fail) throw new Error("offline"); return `tok${++n}`; } });
    await ctx.connect();
    fail = true;
    ctx.socket().drop(1006);
    await ctx.clock.advance(ctx.events("reconnecting").at(-1)[0].delay);
    assert.equal(ctx.sockets.length, 1);
    assert.equal(ctx.client.state, "reconnecting");
    assert.equal(ctx.events("reconnecting").length, 2);
    fail = false;
    await ctx.reconnect();
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1", "bearer.tok2"]);
  });

  test("connect() while reconnecting resolves with the next connection", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().drop(1006);
    const again = ctx.client.connect();
    await ctx.reconnect(identity({ clientId: "conn-2" }));
    assert.equal((await again).clientId, "conn-2");
    assert.equal(ctx.sockets.length, 2);
  });

  test("a re-join refused by the server (banned) is emitted as error and the room dropped", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.socket().drop(1006);
    await ctx.reconnect();
    const join = ctx.socket().last("room:join");
    const banned = { code: "forbidden", message: "Banned from room", details: { until: 2_000_000_000 } };
    ctx.socket().receive("hub:error", banned, join.id);
    await settle();
    assert.deepEqual(ctx.events("error"), [[banned, join]]);
    assert.deepEqual(ctx.client.rooms, ["default"]);
    assert.equal(ctx.client.state, "connected");
  });

  test("a left room is not re-joined, and a default room left before is left again", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.client.leave("default");
    ctx.socket().receive("room:left", { room: "default" }, ctx.socket().last("room:leave").id);
    ctx.client.leave("lobby");
    ctx.socket().receive("room:left", { room: "lobby" }, ctx.socket().last("room:leave").id);
    ctx.socket().drop(1006);
    await ctx.reconnect(identity({ rooms: ["default"] }));
    assert.deepEqual(ctx.socket().sent.map(({ type, payload }) => [type, payload]), [["room:leave", { room: "default" }]]);
    ctx.socket().receive("room:message", { room: "default", event: "message", data: 1, from: { userId: "bob" }, ts: 1 });
    assert.deepEqual(ctx.events("message"), [], "not delivered while being left");
    assert.deepEqual(ctx.client.rooms, []);
  });

  test("reconnect options given as undefined keep their defaults (no NaN delay, no tight loop)", async () => {
    const ctx = setup({ reconnect: { baseDelay: undefined, maxDelay: undefined, factor: undefined, jitter: 0, maxAttempts: undefined } });
    await ctx.connect();
    ctx.socket().drop(1006);
    assert.deepEqual(ctx.events("reconnecting"), [[{ attempt: 1, delay: 500 }]]);
  });

  test("requests pending across a drop reject closed", async () => {
    const ctx = setup();
    await ctx.connect();
    const ping = ctx.client.ping();
    const presence = ctx.client.presence("default");
    ctx.socket().drop(1006);
    for (const pending of [ping, presence]) {
      await assert.rejects(pending, (error) => {
        assert.deepEqual(error, { code: "closed", message: "Connection closed", details: { closeCode: 1006, reason: "" } });
        return true;
      });
    }
  });
});

describe("terminal closes", () => {
  const cases = [
    ["Unauthorized", 1008, "Unauthorized", { code: "unauthorized", message: "JWT revoked", details: {} }],
    ["Token revoked", 1008, "Token revoked", { code: "unauthorized", message: "JWT revoked", details: {} }],
    ["Authentication timeout", 1008, "Authentication timeout",
      { code: "unauthorized", message: "Authentication timeout", details: {} }],
    ["Kicked by moderator (admin disconnect, no user:kicked)", 1008, "Kicked by moderator", null],
    ["Unsupported version", 1002, "Unsupported version", null],
    ["Message too big", 1009, "Message too big", null],
    ["a normal close by the server", 1000, "", null],
  ];
  for (const [name, code, reason, hubError] of cases) {
    test(`${code} ${name}: error emitted, disconnected, no new socket ever`, async () => {
      const ctx = setup();
      await ctx.connect();
      const pending = ctx.client.ping();
      if (hubError) ctx.socket().receive("hub:error", hubError);
      assert.deepEqual(ctx.events("error"), [], "reported with the close, not before");
      ctx.socket().drop(code, reason);
      await assert.rejects(pending, { code: "closed" });
      assert.equal(ctx.client.state, "disconnected");
      assert.equal(ctx.client.identity, null);
      const expected = hubError ?? { code: "closed", message: reason || "Connection closed", details: { closeCode: code, reason } };
      assert.deepEqual(ctx.events("error"), [[expected, undefined]]);
      await assertStaysDisconnected(ctx);
      assert.equal(ctx.tokenCalls.count, 1);
      assert.equal(ctx.clock.pending, 0, "no timer left behind");
    });
  }

  test("this user kicked: kicked emitted, then disconnected without reconnecting, whatever the close", async () => {
    const ctx = setup();
    await ctx.connect();
    const kick = { room: "default", userId: "alice", by: "mod", reason: "spam" };
    ctx.socket().receive("user:kicked", kick);
    ctx.socket().drop(1006); // even if the close frame is lost
    assert.deepEqual(ctx.events("kicked"), [[kick]]);
    assert.deepEqual(ctx.events("error"), []);
    assert.equal(ctx.client.state, "disconnected");
    await assertStaysDisconnected(ctx);
  });

  test("a user kicked from a room this client is not in still stops it (every connection is closed)", async () => {
    const ctx = setup();
    await ctx.connect();
    const kick = { room: "elsewhere", userId: "alice", by: "mod", reason: null };
    ctx.socket().receive("user:kicked", kick);
    ctx.socket().drop(1008, "Kicked by moderator");
    assert.deepEqual(ctx.events("kicked"), [[kick]]);
    assert.equal(ctx.client.state, "disconnected");
    await assertStaysDisconnected(ctx);
  });

  test("an unauthorized reply to a reconnect's handshake stops the client with that error", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().drop(1001, "Server shutting down");
    await ctx.clock.advance(ctx.events("reconnecting").at(-1)[0].delay);
    const error = { code: "unauthorized", message: "Invalid JWT: signature verification failed", details: {} };
    ctx.socket().open();
    ctx.socket().receive("hub:error", error);
    ctx.socket().drop(1008, "Unauthorized");
    assert.equal(ctx.client.state, "disconnected");
    assert.deepEqual(ctx.events("error"), [[error, undefined]]);
    await assertStaysDisconnected(ctx, 2);
  });
});

describe("token expiry", () => {
  const expired = { code: "unauthorized", message: "JWT expired", details: { expiredAt: 1_999_999_999 } };

  test("Token expired: a new token from getToken reconnects at once", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().receive("hub:error", expired);
    ctx.socket().drop(1008, "Token expired");
    assert.equal(ctx.client.state, "reconnecting");
    assert.equal(ctx.events("reconnecting").at(-1)[0].delay, 0);
    await ctx.clock.advance(0);
    assert.equal(ctx.sockets.length, 2);
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1", "bearer.tok2"]);
    ctx.socket().open();
    ctx.socket().receive("hub:connected", identity());
    assert.equal(ctx.client.state, "connected");
    assert.deepEqual(ctx.events("error"), [], "recovered: nothing to report");
  });

  test("Token expired: the same token again stops with the server's error, no new socket", async () => {
    const ctx = setup({ getToken: () => "same-token" });
    await ctx.connect();
    ctx.socket().receive("hub:error", expired);
    ctx.socket().drop(1008, "Token expired");
    await assertStaysDisconnected(ctx);
    assert.equal(ctx.client.state, "disconnected");
    assert.deepEqual(ctx.events("error"), [[expired, undefined]]);
  });

  test("Token expired after a refresh compares with the refreshed token", async () => {
    const tokens = ["tok1", "tok2", "tok2"];
    const ctx = setup({ getToken: () => tokens.shift() });
    await ctx.connect();
    const refreshed = ctx.client.refreshToken();
    await settle();
    ctx.socket().receive("token:refreshed", { exp: 2_000_000_100 }, ctx.socket().last("token:refresh").id);
    await refreshed;
    ctx.socket().receive("hub:error", expired);
    ctx.socket().drop(1008, "Token expired");
    await ctx.clock.advance(0);
    assert.equal(ctx.sockets.length, 1, "tok2 is the token that expired");
    assert.equal(ctx.client.state, "disconnected");
  });

  test("token:expiring: one token:refresh for overlapping triggers; refreshed updates exp", async () => {
    const token = deferred();
    let calls = 0;
    // tok1 for the handshake, tok2 when the test says so, then tok3...: a new token for every refresh
    const ctx = setup({ getToken: () => (++calls === 1 ? "tok1" : calls === 2 ? token.promise : `tok${calls}`) });
    await ctx.connect();
    ctx.socket().receive("token:expiring", { exp: 2_000_000_000 });
    const manual = ctx.client.refreshToken();
    ctx.socket().receive("token:expiring", { exp: 2_000_000_000 });
    assert.equal(ctx.client.refreshToken(), manual, "single-flight: the same promise");
    token.resolve("tok2");
    await settle();
    const refreshes = ctx.socket().sent.filter((frame) => frame.type === "token:refresh");
    assert.equal(refreshes.length, 1);
    assert.deepEqual(refreshes[0].payload, { token: "tok2" });
    assert.equal(typeof refreshes[0].id, "string");
    assert.equal(calls, 2);
    ctx.socket().receive("token:refreshed", { exp: 2_000_000_500 }, refreshes[0].id);
    assert.deepEqual(await manual, { exp: 2_000_000_500 });
    assert.deepEqual(ctx.events("expiring"), [[{ exp: 2_000_000_000 }], [{ exp: 2_000_000_000 }]]);
    assert.deepEqual(ctx.events("refreshed"), [[{ exp: 2_000_000_500 }]]);
    assert.equal(ctx.client.identity.exp, 2_000_000_500);

    // once settled, a new trigger makes a new refresh
    ctx.client.refreshToken();
    await settle();
    assert.equal(ctx.socket().sent.filter((frame) => frame.type === "token:refresh").length, 2);
  });

  test("autoRefresh: false only emits expiring", async () => {
    const ctx = setup({ autoRefresh: false });
    await ctx.connect();
    ctx.socket().receive("token:expiring", { exp: 2_000_000_000 });
    await settle();
    assert.equal(ctx.events("expiring").length, 1);
    assert.deepEqual(ctx.socket().sent, []);
  });

  test("user_mismatch rejects the refresh, is emitted as error, and the connection stays", async () => {
    const ctx = setup();
    await ctx.connect();
    const refreshed = ctx.client.refreshToken();
    await settle();
    const frame = ctx.socket().last("token:refresh");
    const mismatch = { code: "user_mismatch", message: "User mismatch", details: {} };
    ctx.socket().receive("hub:error", mismatch, frame.id);
    await assert.rejects(refreshed, (error) => {
      assert.deepEqual(error, mismatch);
      return true;
    });
    assert.deepEqual(ctx.events("error"), [[mismatch, frame]]);
    assert.equal(ctx.client.state, "connected");
    assert.equal(ctx.client.identity.exp, 2_000_000_000);
  });

  test("a refresh whose getToken fails is emitted as token_unavailable and the connection stays", async () => {
    let calls = 0;
    const ctx = setup({ getToken: async () => { if (++calls > 1) throw new Error("idp down"); return "tok1"; } });
    await ctx.connect();
    ctx.socket().receive("token:expiring", { exp: 2_000_000_000 });
    await settle();
    assert.deepEqual(ctx.events("error").map(([error]) => error.code), ["token_unavailable"]);
    assert.equal(ctx.client.state, "connected");
  });

  test("refreshToken() when not connected rejects not_connected", async () => {
    const ctx = setup();
    await assert.rejects(ctx.client.refreshToken(), { code: "not_connected" });
  });
});

describe("refresh spacing (minRefreshInterval)", () => {
  const INTERVAL = 10_000; // the default
  const refreshes = (socket) => socket.sent.filter((frame) => frame.type === "token:refresh");
  const warn = (ctx, exp) => ctx.socket().receive("token:expiring", { exp });
  /**
   * The server accepts the last token:refresh of the current socket. Settled after, as a browser delivers every
   * frame as a task of its own: the refresh is over before the next frame (say the new token's warning) comes.
   */
  async function accept(ctx, exp) {
    ctx.socket().receive("token:refreshed", { exp }, ctx.socket().last("token:refresh").id);
    await settle();
  }
  // a 30 s token from getToken(): the server (60 s expiry-warning) warns it the moment it is installed
  const SHORT = 1_000_000_030;
  /** Connected, refreshed at once to a SHORT token, whose warning has just come: its refresh is deferred. */
  async function warnedRightAfterARefresh(ctx) {
    await ctx.connect();
    warn(ctx, 2_000_000_000);
    await settle();
    await accept(ctx, SHORT);
    warn(ctx, SHORT);
  }

  test("a burst of warnings right after a refresh: no token:refresh until the interval has passed, then one", async () => {
    const ctx = setup();
    await ctx.connect();
    warn(ctx, 2_000_000_000);
    await settle();
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok2" }], "the first at once");
    await accept(ctx, SHORT);
    for (let i = 0; i < 3; i++) warn(ctx, SHORT);
    await ctx.clock.advance(INTERVAL - 1);
    assert.equal(refreshes(ctx.socket()).length, 1, "deferred");
    assert.equal(ctx.tokenCalls.count, 2, "getToken() is not asked before the refresh either");
    await ctx.clock.advance(1);
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok2" }, { token: "tok3" }]);
    await accept(ctx, SHORT + 10);
    await ctx.clock.advance(TEN_MINUTES);
    assert.equal(refreshes(ctx.socket()).length, 2, "exactly one for the whole burst");
    assert.equal(ctx.events("expiring").length, 4, "expiring is emitted for every warning, at once");
    assert.deepEqual(ctx.events("refreshed"), [[{ exp: SHORT }], [{ exp: SHORT + 10 }]]);
    assert.equal(ctx.client.identity.exp, SHORT + 10);
    assert.deepEqual(ctx.events("error"), []);
    assert.equal(ctx.clock.pending, 0);
  });

  test("a server that warns every new token at once gets one refresh per interval, not a loop", async () => {
    const ctx = setup();
    await ctx.connect();
    const socket = ctx.socket();
    const send = socket.send.bind(socket);
    let exp = SHORT;
    socket.send = (text) => {
      send(text);
      const frame = JSON.parse(text);
      // answered on a later turn, as a network would; and not forever, should the client loop
      if (frame.type === "token:refresh" && refreshes(socket).length <= 50) {
        setImmediate(() => {
          exp += 1;
          socket.receive("token:refreshed", { exp }, frame.id);
          setImmediate(() => socket.receive("token:expiring", { exp })); // a frame of its own
        });
      }
    };
    warn(ctx, exp);
    await ctx.clock.advance(0);
    assert.equal(refreshes(socket).length, 1);
    // in steps, so that the network (a turn per frame) is quick next to the clock, as a real one is
    for (let step = 0; step < 600; step++) await ctx.clock.advance(100);
    assert.equal(refreshes(socket).length, 7, "at 0, 10, 20, 30, 40, 50 and 60 s");
    assert.equal(ctx.client.state, "connected");
    assert.deepEqual(ctx.events("error"), []);
  });

  test("a warning of the new token that overtakes its token:refreshed is deferred, not lost", async () => {
    const ctx = setup();
    await ctx.connect();
    warn(ctx, 2_000_000_000);
    await settle();
    warn(ctx, SHORT); // the server armed the new token's warning before replying
    await accept(ctx, SHORT);
    await ctx.clock.advance(INTERVAL - 1);
    assert.equal(refreshes(ctx.socket()).length, 1);
    await ctx.clock.advance(1);
    assert.equal(refreshes(ctx.socket()).length, 2);
    assert.deepEqual(ctx.socket().last("token:refresh").payload, { token: "tok3" });
  });

  test("close() cancels the deferred refresh: no frame, no getToken() call, no timer left", async () => {
    const ctx = setup();
    await warnedRightAfterARefresh(ctx);
    await settle();
    assert.equal(refreshes(ctx.socket()).length, 1);
    assert.equal(ctx.tokenCalls.count, 2);
    ctx.client.close();
    assert.equal(ctx.clock.pending, 0);
    await ctx.clock.advance(TEN_MINUTES);
    assert.equal(refreshes(ctx.socket()).length, 1);
    assert.equal(ctx.tokenCalls.count, 2);
    assert.equal(ctx.sockets.length, 1);
    assert.deepEqual(ctx.events("error"), []);
  });

  test("the first warning on a fresh connection is answered at once; the deferral of the dropped one is gone", async () => {
    const ctx = setup({ minRefreshInterval: 30_000 });
    await warnedRightAfterARefresh(ctx);
    await ctx.clock.advance(15_000);
    assert.equal(refreshes(ctx.sockets[0]).length, 1, "30 s, not the default 10 s");
    ctx.socket().drop(1006);
    await ctx.reconnect(); // within the 30 s of the last refresh; tok3 for the handshake
    assert.deepEqual(ctx.socket().protocols, ["rooms.v1", "bearer.tok3"]);
    warn(ctx, SHORT + 5);
    await settle();
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok4" }], "at once");
    await accept(ctx, SHORT + 100);
    await ctx.clock.advance(TEN_MINUTES);
    assert.equal(refreshes(ctx.sockets[0]).length, 1);
    assert.equal(refreshes(ctx.sockets[1]).length, 1, "nothing left over from the first connection");
    assert.equal(ctx.tokenCalls.count, 4);
  });

  test("refreshToken() during a deferral refreshes at once, and the deferred refresh then sends nothing", async () => {
    const ctx = setup();
    await warnedRightAfterARefresh(ctx);
    await ctx.clock.advance(1_000);
    assert.equal(refreshes(ctx.socket()).length, 1);
    const manual = ctx.client.refreshToken();
    await settle();
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok2" }, { token: "tok3" }]);
    await accept(ctx, 2_000_000_600);
    assert.deepEqual(await manual, { exp: 2_000_000_600 });
    await ctx.clock.advance(TEN_MINUTES);
    assert.equal(refreshes(ctx.socket()).length, 2, "the warned token is gone: no second refresh");
    assert.equal(ctx.tokenCalls.count, 3);
    assert.equal(ctx.clock.pending, 0);
  });

  test("a deferred refresh joins a refresh in flight, and still comes when that one fails", async () => {
    const token = deferred();
    let calls = 0;
    const ctx = setup({ getToken: () => (++calls === 3 ? token.promise : `tok${calls}`) });
    await warnedRightAfterARefresh(ctx);
    await ctx.clock.advance(INTERVAL - 1_000);
    const manual = ctx.client.refreshToken(); // waits for getToken()
    await ctx.clock.advance(1_000); // the interval ends while it is in flight
    assert.equal(calls, 3, "single-flight: no getToken() call of its own");
    assert.equal(refreshes(ctx.socket()).length, 1);
    token.reject(new Error("idp hiccup"));
    await assert.rejects(manual, { code: "token_unavailable" });
    await settle();
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok2" }, { token: "tok4" }],
      "the warned token is still there: refreshed as soon as the failed refresh is over");
    await accept(ctx, 2_000_000_600);
    await ctx.clock.advance(TEN_MINUTES);
    assert.equal(refreshes(ctx.socket()).length, 2);
    assert.deepEqual(ctx.events("error").map(([error]) => error.code), ["token_unavailable"]);
  });

  test("a token identical to the current one is not sent: the refresh resolves with the current exp", async () => {
    const tokens = ["tok1", "tok1", "tok2", "tok2"];
    const ctx = setup({ getToken: () => tokens.shift() });
    await ctx.connect();
    warn(ctx, 2_000_000_000); // getToken() hands out the handshake's token again
    await settle();
    assert.equal(tokens.length, 2, "getToken() was asked");
    assert.deepEqual(ctx.socket().sent, [], "nothing would change: nothing sent");

    const changed = ctx.client.refreshToken(); // a new token: sent at once, within the interval
    await settle();
    assert.deepEqual(refreshes(ctx.socket()).map((frame) => frame.payload), [{ token: "tok2" }]);
    await accept(ctx, 2_000_000_600);
    assert.deepEqual(await changed, { exp: 2_000_000_600 });

    // the same as the refreshed token (not the handshake's): not sent either
    assert.deepEqual(await ctx.client.refreshToken(), { exp: 2_000_000_600 });
    assert.equal(tokens.length, 0);
    assert.equal(refreshes(ctx.socket()).length, 1);
    assert.deepEqual(ctx.events("refreshed"), [[{ exp: 2_000_000_600 }]], "no refreshed event without a token:refreshed");
    assert.deepEqual(ctx.events("error"), []);
    assert.equal(ctx.client.state, "connected");
  });

  test("minRefreshInterval: 0 turns the spacing off; values a timer cannot keep are refused", async () => {
    const ctx = setup({ minRefreshInterval: 0 });
    await warnedRightAfterARefresh(ctx);
    await settle();
    assert.equal(refreshes(ctx.socket()).length, 2, "at once, as soon as no refresh is in flight");
    await accept(ctx, SHORT + 1);
    assert.equal(ctx.clock.pending, 0, "no cooldown timer");
    for (const bad of [-1, NaN, Infinity, 2 ** 31, "10000"]) {
      assert.throws(() => new RoomgateClient(URL_, { WebSocket: FakeSocket, minRefreshInterval: bad }), TypeError, String(bad));
    }
    new RoomgateClient(URL_, { WebSocket: FakeSocket, minRefreshInterval: undefined }); // the default
  });
});

describe("requests", () => {
  test("replies resolve the promise with the same id, in any order", async () => {
    const ctx = setup();
    await ctx.connect();
    const joined = ctx.client.join("lobby");
    const snapshot = ctx.client.presence("default");
    const kicked = ctx.client.kick("default", "bob", { reason: "spam", banSeconds: 60 });
    const pong = ctx.client.ping();
    const [join, presence, kick, ping] = ctx.socket().sent;
    assert.deepEqual([join.type, join.payload], ["room:join", { room: "lobby" }]);
    assert.deepEqual([presence.type, presence.payload], ["room:presence", { room: "default" }]);
    assert.deepEqual([kick.type, kick.payload], ["mod:kick", { room: "default", userId: "bob", reason: "spam", banSeconds: 60 }]);
    assert.deepEqual([ping.type, ping.payload], ["ping", {}]);
    const ids = ctx.socket().sent.map((frame) => frame.id);
    assert.equal(new Set(ids).size, ids.length, "unique ids");
    assert.ok(ids.every((id) => typeof id === "string" && id.length <= 64));

    ctx.socket().receive("pong", {}, ping.id);
    ctx.socket().receive("hub:ok", {}, kick.id);
    ctx.socket().receive("room:presence", { room: "default", members: [{ userId: "alice", username: "Alice" }] }, presence.id);
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, join.id);
    assert.deepEqual(await joined, { room: "lobby", members: [] });
    assert.deepEqual(await snapshot, { room: "default", members: [{ userId: "alice", username: "Alice" }] });
    assert.deepEqual(await kicked, {});
    assert.deepEqual(await pong, {});
    assert.deepEqual(ctx.events("presence"), [], "a snapshot is a reply, not a presence event");
    assert.deepEqual(ctx.client.rooms.sort(), ["default", "lobby"]);
  });

  test("kick without options sends only room and userId", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.kick("default", "bob");
    assert.deepEqual(ctx.socket().last("mod:kick").payload, { room: "default", userId: "bob" });
  });

  test("a hub:error with the request's id rejects that promise with the payload, and only that one", async () => {
    const ctx = setup();
    await ctx.connect();
    const banned = ctx.client.join("vip");
    const other = ctx.client.join("lobby");
    const error = { code: "forbidden", message: "Banned from room", details: { until: 2_000_000_000 } };
    ctx.socket().receive("hub:error", error, ctx.socket().sent[0].id);
    await assert.rejects(banned, (rejection) => {
      assert.deepEqual(rejection, error);
      return true;
    });
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().sent[1].id);
    await other;
    assert.deepEqual(ctx.events("error"), [], "taken by the promise");
    assert.deepEqual(ctx.client.rooms.sort(), ["default", "lobby"]);
  });

  test("no reply within requestTimeout rejects timeout; a late reply changes nothing", async () => {
    const ctx = setup({ requestTimeout: 2_000 });
    await ctx.connect();
    const pong = ctx.client.ping();
    const rejected = assert.rejects(pong, (error) => {
      assert.deepEqual(error, { code: "timeout", message: "No reply within 2000 ms",
        details: { type: "ping", id: ctx.socket().sent[0].id } });
      return true;
    });
    await ctx.clock.advance(1_999);
    ctx.clock.advance(1);
    await rejected;
    ctx.socket().receive("pong", {}, ctx.socket().sent[0].id);
    assert.equal(ctx.client.state, "connected");
    assert.equal(ctx.clock.pending, 0);
  });

  test("requests when not connected reject not_connected at once; send() emits it", async () => {
    const ctx = setup();
    for (const request of [ctx.client.join("a"), ctx.client.leave("a"), ctx.client.presence("a"),
      ctx.client.kick("a", "b"), ctx.client.ping()]) {
      await assert.rejects(request, { code: "not_connected", message: "Not connected", details: {} });
    }
    assert.equal(ctx.client.send("a", { text: "hi" }), null);
    const [[error, request]] = ctx.events("error");
    assert.equal(error.code, "not_connected");
    assert.deepEqual(request.payload, { room: "a", data: { text: "hi" } });
  });

  test("send: the frame, and a hub:error reply emitted as error with its request", async () => {
    const ctx = setup();
    await ctx.connect();
    const id = ctx.client.send("lobby", { text: "hi" }, { event: "chat", echo: true });
    const frame = ctx.socket().last("room:send");
    assert.deepEqual(frame, { type: "room:send", id, payload: { room: "lobby", event: "chat", data: { text: "hi" }, echo: true } });
    ctx.client.send("default", undefined);
    assert.deepEqual(ctx.socket().last("room:send").payload, { room: "default", data: null });
    const error = { code: "forbidden", message: "Not a member of this room", details: {} };
    ctx.socket().receive("hub:error", error, id);
    assert.deepEqual(ctx.events("error"), [[error, frame]]);
  });

  test("a hub:error without id (rate limit) is emitted and the connection stays", async () => {
    const ctx = setup();
    await ctx.connect();
    const error = { code: "rate_limited", message: "Too many requests", details: { limit: "frames-per-second" } };
    ctx.socket().receive("hub:error", error);
    assert.deepEqual(ctx.events("error"), [[error, undefined]]);
    assert.equal(ctx.client.state, "connected");
  });
});

describe("permissions (PROTOCOL §10)", () => {
  test("permissions come from hub:connected as a copy, null without a claim and once disconnected", async () => {
    const ctx = setup();
    assert.equal(ctx.client.permissions, null);
    await ctx.connect(identity({ permissions: ["send:lobby", "join:*"] }));
    assert.deepEqual(ctx.client.permissions, ["send:lobby", "join:*"]);
    assert.deepEqual(ctx.client.identity.permissions, ["send:lobby", "join:*"]);
    ctx.client.permissions.push("kick:*");
    assert.deepEqual(ctx.client.permissions, ["send:lobby", "join:*"], "a copy: the caller cannot change them");
    ctx.client.close();
    assert.equal(ctx.client.permissions, null);
    const unrestricted = setup();
    await unrestricted.connect(identity());
    assert.equal(unrestricted.client.permissions, null);
  });

  test("an empty claim is an empty list, and a reconnect brings the new token's permissions", async () => {
    const ctx = setup();
    await ctx.connect(identity({ permissions: [], rooms: [] }));
    assert.deepEqual(ctx.client.permissions, []);
    ctx.socket().drop(1006);
    await ctx.reconnect(identity({ clientId: "conn-2", permissions: ["join:lobby"] }));
    assert.deepEqual(ctx.client.permissions, ["join:lobby"]);
  });

  test("a room the server leaves without an id (a narrower refreshed token) emits left and is not re-joined", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.client.refreshToken();
    await settle();
    ctx.socket().receive("token:refreshed", { exp: 2_000_000_100 }, ctx.socket().last("token:refresh").id);
    ctx.socket().receive("room:left", { room: "lobby" });
    ctx.socket().receive("room:left", { room: "default" });
    ctx.socket().receive("room:message", { room: "lobby", event: "message", data: 1, from: { userId: "bob" }, ts: 1 });
    assert.deepEqual(ctx.events("left"), [[{ room: "lobby" }], [{ room: "default" }]]);
    assert.deepEqual(ctx.events("message"), [], "nothing more of a room left");
    assert.deepEqual(ctx.client.rooms, []);
    ctx.socket().drop(1006);
    await ctx.reconnect(identity({ clientId: "conn-2", rooms: [] }));
    assert.deepEqual(ctx.socket().sent, [], "nothing re-joined");
  });

  test("the reply to the client's own leave emits no left event", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.leave("default");
    ctx.socket().receive("room:left", { room: "default" }, ctx.socket().last("room:leave").id);
    ctx.socket().receive("room:left", { room: "default" });
    assert.deepEqual(ctx.events("left"), []);
  });
});

describe("room events", () => {
  const message = (room) => ({ room, event: "chat", data: { text: "hi" }, from: { userId: "bob", username: "Bob" }, ts: 1 });

  test("messages and presence changes of joined rooms are delivered, others ignored", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    // overtakes our room:joined (protocol notes): ignored
    ctx.socket().receive("room:message", message("lobby"));
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.socket().receive("room:message", message("lobby"));
    ctx.socket().receive("room:message", message("default"));
    ctx.socket().receive("room:message", message("elsewhere"));
    const joined = { room: "lobby", joined: { userId: "bob", username: "Bob" } };
    const left = { room: "default", left: { userId: "carol" } };
    ctx.socket().receive("room:presence", joined);
    ctx.socket().receive("room:presence", left);
    ctx.socket().receive("room:presence", { room: "elsewhere", left: { userId: "dave" } });
    ctx.client.leave("lobby");
    ctx.socket().receive("room:left", { room: "lobby" }, ctx.socket().last("room:leave").id);
    ctx.socket().receive("room:message", message("lobby")); // after our room:left: ignored
    assert.deepEqual(ctx.events("message"), [[message("lobby")], [message("default")]]);
    assert.deepEqual(ctx.events("presence"), [[joined], [left]]);
  });

  test("someone else kicked: kicked emitted for joined rooms only, the client goes on", async () => {
    const ctx = setup();
    await ctx.connect();
    const here = { room: "default", userId: "bob", by: "alice", reason: null };
    ctx.socket().receive("user:kicked", here);
    ctx.socket().receive("user:kicked", { room: "elsewhere", userId: "bob", by: "carol", reason: null });
    assert.deepEqual(ctx.events("kicked"), [[here]]);
    assert.equal(ctx.client.state, "connected");
  });

  test("unknown or malformed frames are ignored", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().onmessage({ data: "not json" });
    ctx.socket().onmessage({ data: "[1,2]" });
    ctx.socket().receive("future:thing", {});
    assert.equal(ctx.client.state, "connected");
    assert.deepEqual(ctx.events("error"), []);
  });
});

describe("large rooms (PROTOCOL §2.0)", () => {
  const member = (userId) => ({ userId, username: userId.toUpperCase() });

  test("count(): set by the join and by summaries, moved by joins and leaves, forgotten on leave and drop", async () => {
    const ctx = setup();
    await ctx.connect();
    assert.equal(ctx.client.count("default"), undefined, "joined on connect without a snapshot");
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [member("a")], count: 1500, truncated: true },
      ctx.socket().last("room:join").id);
    assert.equal(ctx.client.count("lobby"), 1500);

    const summary = { room: "lobby", count: 1503 };
    ctx.socket().receive("room:presence", summary);
    ctx.socket().receive("room:presence", { room: "elsewhere", count: 7 });
    assert.deepEqual(ctx.events("presence"), [[summary]], "a summary is a presence event, of joined rooms only");
    assert.equal(ctx.client.count("lobby"), 1503);
    assert.equal(ctx.client.count("elsewhere"), undefined);

    ctx.socket().receive("room:presence", { room: "lobby", left: { userId: "b" } });
    ctx.socket().receive("room:presence", { room: "lobby", left: { userId: "c" } });
    ctx.socket().receive("room:presence", { room: "lobby", joined: member("d") });
    assert.equal(ctx.client.count("lobby"), 1502);
    ctx.socket().receive("room:presence", { room: "default", joined: member("d") });
    assert.equal(ctx.client.count("default"), undefined, "a join moves no count the client does not know");

    ctx.client.presence("default");
    ctx.socket().receive("room:presence", { room: "default", members: [member("a")], count: 1 }, ctx.socket().last("room:presence").id);
    assert.equal(ctx.client.count("default"), 1);

    ctx.client.leave("lobby");
    ctx.socket().receive("room:left", { room: "lobby" }, ctx.socket().last("room:leave").id);
    assert.equal(ctx.client.count("lobby"), undefined);
    ctx.socket().drop(1006);
    assert.equal(ctx.client.count("default"), undefined);
  });

  test("presence(room, {after}) asks for the next page; presenceAll() pages until a page is not truncated", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.presence("default", { after: "m" });
    assert.deepEqual(ctx.socket().last("room:presence").payload, { room: "default", after: "m" });

    const all = ctx.client.presenceAll("default");
    const pages = [
      { room: "default", members: [member("a"), member("b")], count: 5, truncated: true },
      { room: "default", members: [member("c"), member("d")], count: 5, truncated: true },
      { room: "default", members: [member("e")], count: 5 },
    ];
    const asked = [];
    for (const page of pages) {
      await settle();
      const request = ctx.socket().last("room:presence");
      asked.push(request.payload);
      ctx.socket().receive("room:presence", page, request.id);
    }
    assert.deepEqual(asked, [{ room: "default" }, { room: "default", after: "b" }, { room: "default", after: "d" }]);
    assert.deepEqual(await all, { room: "default", members: ["a", "b", "c", "d", "e"].map(member), count: 5 });
    assert.deepEqual(ctx.events("presence"), [], "pages are replies, not presence events");
  });
});

describe("history and recovery (PROTOCOL §8)", () => {
  const message = (offset, ts = 1_000 + offset, room = "lobby") =>
    ({ room, event: "chat", data: { n: offset }, from: { userId: "bob", username: "Bob" }, ts, offset });
  const delivered = (ctx) => ctx.events("message").map(([m]) => m.offset);

  /** Connected, in lobby at `epoch`/`offset`, then `messages` delivered live. */
  async function inLobby(ctx, { epoch = "e1", offset = 3, messages = [] } = {}) {
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [], count: 1, epoch, offset }, ctx.socket().last("room:join").id);
    for (const m of messages) ctx.socket().receive("room:message", m);
  }

  /** Drops the connection and lets the reconnect's hub:connected arrive: the re-join is then in flight. */
  async function dropAndReconnect(ctx) {
    ctx.socket().drop(1006);
    await ctx.reconnect();
    return ctx.socket().last("room:join");
  }

  function answerJoin(ctx, join, payload) {
    ctx.socket().receive("room:joined", { room: "lobby", members: [], count: 2, ...payload }, join.id);
  }

  test("the re-join after a reconnect asks for what came after the last offset delivered", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4), message(5)] });
    const join = await dropAndReconnect(ctx);
    assert.deepEqual(join.payload, { room: "lobby", since: { epoch: "e1", offset: 5 } });
  });

  test("with no message since the join, the re-join asks from the join's offset", async () => {
    const ctx = setup();
    await inLobby(ctx, { offset: 0 });
    const join = await dropAndReconnect(ctx);
    assert.deepEqual(join.payload, { room: "lobby", since: { epoch: "e1", offset: 0 } });
  });

  test("recovered: the replay is delivered as messages in order, then recovered {room, count}, then live ones", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4), message(5)] });
    const join = await dropAndReconnect(ctx);
    answerJoin(ctx, join, { epoch: "e1", offset: 8, recovered: true });
    for (const offset of [6, 7, 8, 9]) ctx.socket().receive("room:message", message(offset));
    assert.deepEqual(delivered(ctx), [4, 5, 6, 7, 8, 9]);
    const after = ctx.log.filter(([name]) => name === "message" || name === "recovered").map(([name, x]) => name === "message" ? x.offset : name);
    assert.deepEqual(after, [4, 5, 6, 7, 8, "recovered", 9], "recovered once the replay is delivered, before live messages");
    assert.deepEqual(ctx.events("recovered"), [[{ room: "lobby", count: 3 }]]);
    assert.deepEqual(ctx.events("gap"), []);
    const next = await dropAndReconnect(ctx);
    assert.deepEqual(next.payload.since, { epoch: "e1", offset: 9 });
  });

  test("a live message racing the replay is delivered once: copies at or below the last offset are dropped", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4)] });
    const join = await dropAndReconnect(ctx);
    answerJoin(ctx, join, { epoch: "e1", offset: 7, recovered: true });
    for (const offset of [5, 6, 5, 4, 7, 7, 6, 8, 8]) ctx.socket().receive("room:message", message(offset));
    assert.deepEqual(delivered(ctx), [4, 5, 6, 7, 8]);
    assert.deepEqual(ctx.events("recovered"), [[{ room: "lobby", count: 3 }]]);
  });

  test("nothing missed: recovered with count 0 at once", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4)] });
    const join = await dropAndReconnect(ctx);
    answerJoin(ctx, join, { epoch: "e1", offset: 4, recovered: true });
    assert.deepEqual(ctx.events("recovered"), [[{ room: "lobby", count: 0 }]]);
    ctx.socket().receive("room:message", message(5));
    assert.deepEqual(delivered(ctx), [4, 5]);
  });

  test("a drop during the replay: no recovered for it, the next re-join asks from the last offset delivered", async () => {
    const ctx = setup();
    await inLobby(ctx);
    const join = await dropAndReconnect(ctx);
    answerJoin(ctx, join, { epoch: "e1", offset: 9, recovered: true });
    ctx.socket().receive("room:message", message(4));
    ctx.socket().receive("room:message", message(5));
    const again = await dropAndReconnect(ctx);
    assert.deepEqual(again.payload.since, { epoch: "e1", offset: 5 });
    answerJoin(ctx, again, { epoch: "e1", offset: 9, recovered: true });
    for (const offset of [6, 7, 8, 9]) ctx.socket().receive("room:message", message(offset));
    assert.deepEqual(delivered(ctx), [4, 5, 6, 7, 8, 9]);
    assert.deepEqual(ctx.events("recovered"), [[{ room: "lobby", count: 4 }]]);
  });

  for (const [why, answer] of [
    ["a new epoch", { epoch: "e2", offset: 2, recovered: false }],
    ["messages gone from the history", { epoch: "e1", offset: 40, recovered: false }],
  ]) {
    test(`gap {room} when recovery is impossible (${why}); offsets go on from the join's`, async () => {
      const ctx = setup();
      await inLobby(ctx, { messages: [message(4)] });
      const join = await dropAndReconnect(ctx);
      answerJoin(ctx, join, answer);
      assert.deepEqual(ctx.events("gap"), [[{ room: "lobby" }]]);
      assert.deepEqual(ctx.events("recovered"), []);
      ctx.socket().receive("room:message", message(answer.offset + 1));
      assert.deepEqual(delivered(ctx), [4, answer.offset + 1], "a new epoch's low offsets are not taken for copies");
      const next = await dropAndReconnect(ctx);
      assert.deepEqual(next.payload.since, { epoch: answer.epoch, offset: answer.offset + 1 });
    });
  }

  test("gap when the server no longer keeps history (room:joined without epoch), then no since any more", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4)] });
    const join = await dropAndReconnect(ctx);
    answerJoin(ctx, join, {});
    assert.deepEqual(ctx.events("gap"), [[{ room: "lobby" }]]);
    const next = await dropAndReconnect(ctx);
    assert.deepEqual(next.payload, { room: "lobby" });
  });

  test("history off (no epoch, no offset): re-joins without since, every message delivered, no recovered or gap", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [], count: 1 }, ctx.socket().last("room:join").id);
    const plain = { room: "lobby", event: "chat", data: { text: "hi" }, from: { userId: "bob" }, ts: 5 };
    ctx.socket().receive("room:message", plain);
    ctx.socket().receive("room:message", plain);
    const join = await dropAndReconnect(ctx);
    assert.deepEqual(join.payload, { room: "lobby" });
    ctx.socket().receive("room:joined", { room: "lobby", members: [], count: 1 }, join.id);
    ctx.socket().receive("room:message", plain);
    assert.deepEqual(ctx.events("message"), [[plain], [plain], [plain]]);
    assert.deepEqual([...ctx.events("recovered"), ...ctx.events("gap")], []);
  });

  test("a room's history lost while in it: its new offset 1 is delivered, and the next re-join reports a gap", async () => {
    const ctx = setup();
    await inLobby(ctx, { offset: 0, messages: [message(1), message(2)] });
    ctx.socket().receive("room:message", message(1, 900_000)); // ten minutes of quiet later, a new epoch
    ctx.socket().receive("room:message", message(2, 900_001));
    ctx.socket().receive("room:message", message(2, 900_001)); // a copy all the same
    assert.deepEqual(ctx.events("message").map(([m]) => m.ts), [1_001, 1_002, 900_000, 900_001]);
    const join = await dropAndReconnect(ctx);
    assert.deepEqual(join.payload.since, { epoch: "e1", offset: 2 }, "the epoch known, which the server will not match");
    answerJoin(ctx, join, { epoch: "e2", offset: 2, recovered: false });
    assert.deepEqual(ctx.events("gap"), [[{ room: "lobby" }]]);
  });

  test("the default room the server joins on connect is never asked to recover, and its new offsets are delivered", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("default");
    ctx.socket().receive("room:joined", { room: "default", members: [], count: 1, epoch: "e1", offset: 7 }, ctx.socket().last("room:join").id);
    ctx.socket().receive("room:message", message(8, 2_000, "default"));
    ctx.socket().drop(1006);
    await ctx.reconnect(identity({ clientId: "conn-2", rooms: ["default"] })); // a restarted server: a new epoch
    assert.deepEqual(ctx.socket().sent, [], "joined by the server already: no room:join");
    ctx.socket().receive("room:message", message(2, 3_000, "default"));
    assert.deepEqual(delivered(ctx), [8, 2]);
    assert.deepEqual([...ctx.events("recovered"), ...ctx.events("gap")], []);
  });

  test("a room left and joined again: offsets count from the new join, and so does the next re-join", async () => {
    const ctx = setup();
    await inLobby(ctx, { messages: [message(4)] });
    ctx.client.leave("lobby");
    ctx.socket().receive("room:left", { room: "lobby" }, ctx.socket().last("room:leave").id);
    ctx.client.join("lobby");
    assert.deepEqual(ctx.socket().last("room:join").payload, { room: "lobby" }, "a join of one's own never asks to recover");
    ctx.socket().receive("room:joined", { room: "lobby", members: [], count: 1, epoch: "e1", offset: 9 }, ctx.socket().last("room:join").id);
    ctx.socket().receive("room:message", message(9)); // at the new join's offset: a copy
    ctx.socket().receive("room:message", message(10));
    assert.deepEqual(delivered(ctx), [4, 10]);
    const join = await dropAndReconnect(ctx);
    assert.deepEqual(join.payload.since, { epoch: "e1", offset: 10 });
    assert.deepEqual([...ctx.events("recovered"), ...ctx.events("gap")], []);
  });
});

describe("close()", () => {
  test("cancels a pending reconnect: no new socket, disconnected", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().drop(1006);
    assert.equal(ctx.client.state, "reconnecting");
    ctx.client.close();
    assert.equal(ctx.client.state, "disconnected");
    assert.equal(ctx.clock.pending, 0);
    await assertStaysDisconnected(ctx);
    assert.deepEqual(ctx.events("error"), []);
  });

  test("while connected: closes 1000, rejects pending requests, never reconnects", async () => {
    const ctx = setup();
    await ctx.connect();
    const pong = ctx.client.ping();
    ctx.client.close();
    assert.deepEqual(ctx.socket().closedWith, [1000]);
    await assert.rejects(pong, { code: "closed", message: "Client closed" });
    ctx.socket().drop(1006); // the socket's own close event, however it ends
    assert.deepEqual(ctx.events("close"), [[{ code: 1006, reason: "" }]]);
    await assertStaysDisconnected(ctx);
    assert.deepEqual(states(ctx), ["connecting", "connected", "disconnected"]);
    assert.equal(ctx.clock.pending, 0);
  });

  test("while getToken is pending: connect() rejects and no socket is opened", async () => {
    const token = deferred();
    const ctx = setup({ getToken: () => token.promise });
    const connected = ctx.client.connect();
    ctx.client.close();
    await assert.rejects(connected, { code: "closed", message: "Client closed" });
    token.resolve("tok1");
    await settle();
    assert.equal(ctx.sockets.length, 0);
  });

  test("close() from a reconnecting handler: no timer left, no socket opened afterwards", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.on("reconnecting", () => ctx.client.close());
    ctx.socket().drop(1006);
    assert.equal(ctx.client.state, "disconnected");
    assert.equal(ctx.clock.pending, 0, "no reconnect timer armed after close()");
    await assertStaysDisconnected(ctx);
    assert.equal(ctx.client.state, "disconnected");
  });

  test("close() from a state handler on connecting: no socket is opened", async () => {
    const ctx = setup();
    ctx.client.on("state", (state) => { if (state === "connecting") ctx.client.close(); });
    await assert.rejects(ctx.client.connect(), { code: "closed", message: "Client closed" });
    await assertStaysDisconnected(ctx, 0);
    assert.equal(ctx.client.state, "disconnected");
  });

  test("close() and connect() from a connected handler: the new connect() waits for its own connection", async () => {
    const ctx = setup();
    let again;
    const off = ctx.client.on("connected", () => {
      off();
      ctx.client.close();
      again = ctx.client.connect();
    });
    await assert.rejects(ctx.connect(), { code: "closed", message: "Client closed" });
    let settled = false;
    again.then(() => { settled = true; }, () => { settled = true; });
    await settle();
    assert.equal(settled, false, "not resolved with the closed connection's identity");
    assert.equal(ctx.client.state, "connecting");
    assert.equal(ctx.sockets.length, 2);
    ctx.socket().open();
    ctx.socket().receive("hub:connected", identity({ clientId: "conn-2" }));
    assert.equal((await again).clientId, "conn-2");
  });

  for (const [how, end, expected] of [
    ["close()", (ctx) => ctx.client.close(), { code: "closed", message: "Client closed", details: {} }],
    ["a drop", (ctx) => ctx.socket().drop(1006),
      { code: "closed", message: "Connection closed", details: { closeCode: 1006, reason: "" } }],
  ]) {
    test(`a refresh waiting for getToken rejects closed at once on ${how}`, async () => {
      const token = deferred();
      let calls = 0;
      const ctx = setup({ getToken: () => (++calls === 1 ? "tok1" : token.promise) });
      await ctx.connect();
      const refreshed = ctx.client.refreshToken();
      await settle();
      end(ctx);
      const outcome = await Promise.race([refreshed.then(() => "resolved", (error) => error), settle().then(() => "pending")]);
      assert.deepEqual(outcome, expected);
      token.resolve("tok2");
      await settle();
      assert.equal(ctx.sockets[0].last("token:refresh"), undefined, "nothing sent for an abandoned refresh");
      assert.deepEqual(ctx.events("error").filter(([error]) => error.code !== "closed"), []);
    });
  }

  test("connect() after close() starts afresh", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.client.join("lobby");
    ctx.socket().receive("room:joined", { room: "lobby", members: [] }, ctx.socket().last("room:join").id);
    ctx.client.close();
    await ctx.connect(identity({ clientId: "conn-2" }));
    assert.deepEqual(ctx.client.rooms, ["default"]);
    assert.deepEqual(ctx.socket().sent, []);
  });
});

describe("events", () => {
  test("a throwing handler neither stops the other handlers nor the client", async () => {
    const ctx = setup();
    const boom = new Error("handler bug");
    ctx.client.on("connected", () => { throw boom; });
    ctx.client.on("state", () => { throw boom; });
    const after = [];
    ctx.client.on("connected", (who) => after.push(who.clientId));
    await ctx.connect();
    assert.deepEqual(after, ["conn-1"]);
    assert.equal(ctx.client.state, "connected");
    assert.ok(ctx.reported.length >= 3 && ctx.reported.every((error) => error === boom));
    ctx.socket().drop(1006);
    await ctx.reconnect();
    assert.deepEqual(after, ["conn-1", "conn-2"]);
  });

  test("on() returns an unsubscribe function, off() removes, unknown names throw", async () => {
    const ctx = setup();
    const seen = [];
    const handler = (state) => seen.push(state);
    const unsubscribe = ctx.client.on("state", handler);
    ctx.client.connect();
    unsubscribe();
    ctx.client.on("state", handler);
    ctx.client.off("state", handler);
    await settle();
    ctx.socket().open();
    ctx.socket().receive("hub:connected", identity());
    assert.deepEqual(seen, ["connecting"]);
    assert.throws(() => ctx.client.on("conected", handler), TypeError);
  });

  test("close events carry code and reason for every socket close", async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket().drop(1001, "Server shutting down");
    assert.deepEqual(ctx.events("close"), [[{ code: 1001, reason: "Server shutting down" }]]);
    assert.deepEqual(states(ctx), ["connecting", "connected", "reconnecting"]);
  });
});

test("the hand-written declarations name every public member of the class, and nothing else", async () => {
  const { readFile } = await import("node:fs/promises");
  const declarations = await readFile(new URL("../../main/webapp/js/roomgate-client.d.ts", import.meta.url), "utf8");
  const body = declarations.slice(declarations.indexOf("export class RoomgateClient"));
  const declared = [...body.matchAll(/^ {2}(?:readonly )?(\w+)[<(:?]/gm)].map(([, name]) => name).sort();
  const actual = Object.getOwnPropertyNames(RoomgateClient.prototype).sort();
  assert.deepEqual(declared, actual);
});

test("the declared event names are exactly the ones on() accepts", async () => {
  const { readFile } = await import("node:fs/promises");
  const declarations = await readFile(new URL("../../main/webapp/js/roomgate-client.d.ts", import.meta.url), "utf8");
  const body = declarations.slice(declarations.indexOf("export interface RoomgateEvents"));
  const declared = [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {2}(\w+):/gm)].map(([, name]) => name);
  assert.deepEqual(declared.sort(), [...EVENTS].sort());
  const client = new RoomgateClient(URL_, { WebSocket: FakeSocket });
  for (const name of declared) client.on(name, () => {});
  assert.throws(() => client.on("open", () => {}), TypeError);
});
