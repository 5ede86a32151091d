// What the page tells a person when something goes wrong: the server's fixed message (PROTOCOL.md §3),
// why it happened, and what happens next. Pure functions of the client's events, no DOM.
import { clockTime } from "./dom.js";

const NOT_RECONNECTING = "not reconnecting";

/**
 * The connection has ended for good.
 * @param {{kick?: any, error?: any, close?: {code: number, reason: string}}} end what the client reported
 */
export function endNotice({ kick, error, close }) {
  if (kick) {
    const reason = kick.reason ? `: ${kick.reason}` : "";
    return `Kicked by moderator ${kick.by} from ${kick.room}${reason} — ${NOT_RECONNECTING}. Connect again to come back.`;
  }
  // the HTTP API's disconnect closes like a kick, without a user:kicked to say who
  if ((close?.reason ?? error?.details?.reason) === "Kicked by moderator") {
    return `Disconnected by an administrator — ${NOT_RECONNECTING}.`;
  }
  if (error) return `${endCause(error, close)} — ${NOT_RECONNECTING}${endAdvice(error, close)}`;
  return `Connection closed (${closeText(close)}) — ${NOT_RECONNECTING}.`;
}

function endCause(error, close) {
  switch (error.code) {
    case "unauthorized":
      if (close?.reason === "Token revoked") return "Your token was revoked (JWT revoked)";
      // the client came back after `Token expired` only to be handed the same token (a pasted one)
      if (close?.reason === "Token expired") return `Your token expired${expiredAt(error)} and cannot be renewed`;
      return `The server refused the token: ${error.message}${expiredAt(error)}`;
    case "rate_limited":
      return `Refused: ${error.message}${limitText(error.details)}`;
    case "token_unavailable":
      return `Could not get a token: ${error.details?.cause?.message ?? error.message}`;
    case "timeout":
      return "The server did not answer in time";
    case "closed":
      if (error.details?.closeCode === 1006) {
        return "Could not reach the server (connection failed, code 1006): it is down, or refusing this address for a while after too many attempts";
      }
      return `Connection closed (${closeText({ code: error.details?.closeCode, reason: error.details?.reason })})`;
    default:
      return error.message;
  }
}

function endAdvice(error, close) {
  if (error.code !== "unauthorized") return ".";
  if (close?.reason === "Token revoked" || error.message === "JWT revoked") return ". Connect again once an administrator allows it.";
  if (error.message === "JWT expired") return ". Paste a fresh token, or leave the token field empty for a demo token.";
  return ". Check the token, or leave the token field empty for a demo token.";
}

/**
 * The connection dropped and the client will try again.
 * @param {{code: number, reason: string}} close
 */
export function dropNotice(close) {
  return `${dropCause(close)} — reconnecting…`;
}

function dropCause({ code, reason }) {
  switch (code) {
    case 1001: return "The server is shutting down";
    case 1006: return "Lost the connection to the server";
    case 1011: return "The server had an internal error";
    case 1013: return reason === "Slow consumer"
      ? "The server could not deliver to this page fast enough (slow consumer)"
      : "Rate limited by the server: waiting longer before coming back";
    case 1008: if (reason === "Token expired") return "The token expired before it was refreshed: getting a new one";
    // falls through
    default: return `Connection closed (${closeText({ code, reason })})`;
  }
}

/**
 * The page's "Drop connection" closed the socket, as a network cut would.
 * @param {number} seconds how long the page stays offline unless told to reconnect now
 */
export function droppedNotice(seconds) {
  return `Connection dropped on purpose — offline for ${seconds} s, then the page reconnects by itself (or press Reconnect now).`;
}

/**
 * After a reconnect, the room's messages sent meanwhile came back (PROTOCOL §8), already shown above this line.
 * @param {number} count
 */
export function recoveredText(count) {
  return count === 0 ? "Nothing missed while disconnected" : `Recovered ${count} message${count === 1 ? "" : "s"} sent while disconnected`;
}

/** After a reconnect, the room's messages sent meanwhile could not be had (no longer kept, or the server lost its history). */
export function gapText() {
  return "Some messages were missed while disconnected: the server no longer has them";
}

/** Waiting for the next attempt. @param {{attempt: number, delay: number}} info */
export function retryText({ attempt, delay }) {
  return `attempt ${attempt} in ${(delay / 1000).toFixed(1)} s`;
}

/**
 * A request failed or the server complained; the connection stays open.
 * @param {{code: string, message: string, details: Record<string, any>}} error
 * @param {{type: string, payload?: Record<string, any>}} [request] the frame that caused it, when known
 */
export function problemNotice(error, request) {
  const room = request?.payload?.room;
  switch (`${error.code} ${error.message}`) {
    case "forbidden Banned from room":
      return `Banned from ${room ?? "this room"}${error.details?.until ? ` until ${clockTime(error.details.until * 1000)}` : ""}.`;
    case "forbidden Insufficient permissions":
      return refusalNotice(request?.type, room);
    case "forbidden Not a member of this room":
    case "not_found Not a member of this room":
      return `You are not in ${room ?? "that room"} (any more).`;
    case "not_found User not in room":
      return "That user is not in the room any more.";
    case "bad_request Invalid room name":
      return "Invalid room name: use 1–128 characters of A-Z a-z 0-9 . _ : @ -";
    case "user_mismatch User mismatch":
      return "The new token names another user: keeping the current identity until the old token expires.";
    default:
      break;
  }
  switch (error.code) {
    case "rate_limited":
      return `${error.message}${limitText(error.details)}: slow down — the connection stays open.`;
    case "token_unavailable":
      return `Could not get a new token (${error.details?.cause?.message ?? error.message}): the connection ends when the current one expires.`;
    case "not_connected":
      return "Not connected right now: try again once the connection is back.";
    case "timeout":
      return "The server did not answer in time.";
    default:
      return `${error.message}.`;
  }
}

/** `forbidden "Insufficient permissions"`: the token's permissions (PROTOCOL §10) or its role said no. */
function refusalNotice(type, room) {
  const where = room ?? "that room";
  switch (type) {
    case "room:join":
      return `You may not join ${where}: your token's permissions do not allow it.`;
    case "room:send":
      return `You may not send to ${where}: your token's permissions do not allow it.`;
    default:
      return "Insufficient permissions: kicking needs a moderator or admin role or a kick permission for the room, and only an admin may kick an admin.";
  }
}

/**
 * The server took the page out of a room: the refreshed token no longer allows it (PROTOCOL §10).
 * @param {string} room
 */
export function leftNotice(room) {
  return `Left ${room}: the refreshed token no longer allows joining it.`;
}

function limitText(details = {}) {
  if (!details.limit) return "";
  return details.max ? ` (${details.limit}, at most ${details.max})` : ` (${details.limit})`;
}

function expiredAt(error) {
  const at = error.details?.expiredAt;
  return at ? ` at ${clockTime(at * 1000)}` : "";
}

function closeText(close) {
  if (!close) return "no close frame";
  return close.reason ? `${close.code} ${close.reason}` : `code ${close.code}`;
}
