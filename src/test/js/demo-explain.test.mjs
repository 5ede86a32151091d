// Unit tests of what the demo page says when something goes wrong (src/main/webapp/demo/explain.js):
//   node --test src/test/js/
// The browser ITs (RunCommandSmokeIT) see some of these texts on real servers; these cover the rest.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  droppedNotice, dropNotice, endNotice, gapText, leftNotice, problemNotice, recoveredText, retryText,
} from "../../main/webapp/demo/explain.js";

const unauthorized = (message, details = {}) => ({ code: "unauthorized", message, details });
const TIME = /\d\d:\d\d:\d\d/;

describe("endNotice: the connection is over", () => {
  test("a kick names the moderator, the room and the reason", () => {
    assert.equal(endNotice({ kick: { room: "lobby", userId: "bob", by: "alice", reason: "spam" }, close: { code: 1008, reason: "Kicked by moderator" } }),
      "Kicked by moderator alice from lobby: spam — not reconnecting. Connect again to come back.");
  });

  test("a kick without a reason", () => {
    assert.match(endNotice({ kick: { room: "lobby", userId: "bob", by: "alice", reason: null } }), /^Kicked by moderator alice from lobby — not reconnecting/);
  });

  test("a disconnect through the HTTP API, which has no user:kicked", () => {
    const close = { code: 1008, reason: "Kicked by moderator" };
    assert.equal(endNotice({ error: { code: "closed", message: "Kicked by moderator", details: { closeCode: 1008, reason: close.reason } }, close }),
      "Disconnected by an administrator — not reconnecting.");
  });

  test("an invalid token is refused with the server's message", () => {
    assert.equal(endNotice({ error: unauthorized("Invalid JWT: signature verification failed"), close: { code: 1008, reason: "Unauthorized" } }),
      "The server refused the token: Invalid JWT: signature verification failed — not reconnecting. Check the token, or leave the token field empty for a demo token.");
  });

  test("an expired token at the handshake says when it expired", () => {
    const text = endNotice({ error: unauthorized("JWT expired", { expiredAt: 1795000000 }), close: { code: 1008, reason: "Unauthorized" } });
    assert.match(text, /^The server refused the token: JWT expired at \d\d:\d\d:\d\d — not reconnecting\. Paste a fresh token/);
  });

  test("a token that expired on a live connection and cannot be renewed", () => {
    const text = endNotice({ error: unauthorized("JWT expired", { expiredAt: 1795000000 }), close: { code: 1008, reason: "Token expired" } });
    assert.match(text, /^Your token expired at \d\d:\d\d:\d\d and cannot be renewed — not reconnecting/);
  });

  test("a revoked token", () => {
    assert.equal(endNotice({ error: unauthorized("JWT revoked"), close: { code: 1008, reason: "Token revoked" } }),
      "Your token was revoked (JWT revoked) — not reconnecting. Connect again once an administrator allows it.");
  });

  test("no token to be had", () => {
    const error = { code: "token_unavailable", message: "getToken() failed", details: { cause: new Error("the server does not answer (is it running?)") } };
    assert.equal(endNotice({ error }), "Could not get a token: the server does not answer (is it running?) — not reconnecting.");
  });

  test("a first connection that fails without a word: down, or rate limited before the upgrade", () => {
    const error = { code: "closed", message: "Connection closed", details: { closeCode: 1006, reason: "" } };
    assert.match(endNotice({ error, close: { code: 1006, reason: "" } }), /^Could not reach the server \(connection failed, code 1006\): it is down, or refusing this address/);
  });

  test("too many connections of one user", () => {
    const error = { code: "rate_limited", message: "Too many requests", details: { limit: "connections-per-user", max: 16 } };
    assert.equal(endNotice({ error, close: { code: 1013, reason: "Rate limited" } }),
      "Refused: Too many requests (connections-per-user, at most 16) — not reconnecting.");
  });
});

describe("dropNotice: the client reconnects", () => {
  for (const [close, cause] of [
    [{ code: 1001, reason: "" }, "The server is shutting down"],
    [{ code: 1006, reason: "" }, "Lost the connection to the server"],
    [{ code: 1011, reason: "Internal error" }, "The server had an internal error"],
    [{ code: 1013, reason: "Rate limited" }, "Rate limited by the server: waiting longer before coming back"],
    [{ code: 1013, reason: "Slow consumer" }, "The server could not deliver to this page fast enough (slow consumer)"],
    [{ code: 1008, reason: "Token expired" }, "The token expired before it was refreshed: getting a new one"],
  ]) {
    test(`${close.code} ${close.reason}`, () => assert.equal(dropNotice(close), `${cause} — reconnecting…`));
  }

  test("the next attempt", () => assert.equal(retryText({ attempt: 3, delay: 1500 }), "attempt 3 in 1.5 s"));

  test("a drop on purpose says how long the page stays offline", () => assert.equal(droppedNotice(10),
    "Connection dropped on purpose — offline for 10 s, then the page reconnects by itself (or press Reconnect now)."));
});

describe("after a reconnect: what the room's history gave back (PROTOCOL §8)", () => {
  test("the count of messages recovered, in the singular too", () => {
    assert.equal(recoveredText(3), "Recovered 3 messages sent while disconnected");
    assert.equal(recoveredText(1), "Recovered 1 message sent while disconnected");
  });

  test("nothing to recover", () => assert.equal(recoveredText(0), "Nothing missed while disconnected"));

  test("messages that could not be recovered", () =>
    assert.equal(gapText(), "Some messages were missed while disconnected: the server no longer has them"));
});

describe("problemNotice: the connection stays open", () => {
  test("a ban names the room and its end", () => {
    const text = problemNotice({ code: "forbidden", message: "Banned from room", details: { until: 1795000000 } }, { type: "room:join", payload: { room: "lobby" } });
    assert.match(text, /^Banned from lobby until /);
    assert.match(text, TIME);
  });

  const insufficient = { code: "forbidden", message: "Insufficient permissions", details: {} };

  test("kicking without the role or permission, or kicking an admin", () => {
    assert.match(problemNotice(insufficient, { type: "mod:kick", payload: { room: "lobby", userId: "bob" } }),
      /^Insufficient permissions: kicking needs a moderator or admin role or a kick permission/);
    assert.match(problemNotice(insufficient), /^Insufficient permissions: kicking needs/);
  });

  test("a join the token's permissions refuse names the room", () => {
    assert.equal(problemNotice(insufficient, { type: "room:join", payload: { room: "vip" } }),
      "You may not join vip: your token's permissions do not allow it.");
  });

  test("a send the token's permissions refuse names the room", () => {
    assert.equal(problemNotice(insufficient, { type: "room:send", payload: { room: "lobby", data: { text: "hi" } } }),
      "You may not send to lobby: your token's permissions do not allow it.");
  });

  test("a room the server left after a refresh", () => {
    assert.equal(leftNotice("vip"), "Left vip: the refreshed token no longer allows joining it.");
  });

  test("the frame rate limit", () => {
    assert.equal(problemNotice({ code: "rate_limited", message: "Too many requests", details: { limit: "frames-per-second" } }),
      "Too many requests (frames-per-second): slow down — the connection stays open.");
  });

  test("a refresh token for another user", () => {
    assert.match(problemNotice({ code: "user_mismatch", message: "User mismatch", details: {} }), /^The new token names another user/);
  });

  test("anything else reads as the server's message", () => {
    assert.equal(problemNotice({ code: "internal", message: "Internal error", details: {} }), "Internal error.");
  });
});
