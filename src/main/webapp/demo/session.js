// One login: a RoomgateClient and what the page shows of its events, until the connection ends for good.
import { RoomgateClient } from "../js/roomgate-client.js";
import { droppedNotice, dropNotice, endNotice, gapText, leftNotice, problemNotice, recoveredText, retryText } from "./explain.js";

/** The default roomgate.roles.moderator and roomgate.roles.admin; the server decides in the end. */
const KICKING_ROLES = ["moderator", "admin"];
/** How long "Drop connection" keeps the page offline: time for others to say something it will have missed. */
const OFFLINE_SECONDS = 10;
/** An application close code (4000–4999): no server's. */
const DROPPED = { code: 4000, reason: "Dropped on purpose" };

export class Session {
  #client;
  #rooms;
  #clock;
  #page;
  #me = null;
  #connects = 0;
  /** set by close(): what the client still reports after that (its last close event) is no news */
  #retired = false;
  /** what ended the connection, gathered from the events that report it (kick, error) */
  #end = {};
  /** the last close since the last hub:connected: it tells how an error that ends the session came about */
  #lastClose = null;
  #finished = false;
  /** @type {WebSocket | null} the client's latest socket, which "Drop connection" closes */
  #socket = null;
  /** @type {{back: Promise<void>, end: () => void, timer: any} | null} while dropped on purpose: reconnects wait for back */
  #offline = null;

  /**
   * @param {{getToken: () => Promise<string>, renewable: boolean}} tokens where the tokens come from
   * @param {{rooms: import("./rooms-view.js").RoomsView, clock: import("./token-clock.js").TokenClock,
   *          page: import("./page-view.js").PageView}} views
   */
  constructor({ getToken, renewable }, { rooms, clock, page }) {
    this.#rooms = rooms;
    this.#clock = clock;
    this.#page = page;
    const session = this;
    const client = this.#client = new RoomgateClient("rooms", {
      // a reconnect asks for a token first: while offline on purpose, that waits
      getToken: async () => {
        await this.#offline?.back;
        return getToken();
      },
      WebSocket: class extends WebSocket {
        constructor(url, protocols) {
          super(url, protocols);
          session.#socket = this;
        }
      },
      // retries at most every 10 s (the client's default is 30 s): a demo server is back within seconds
      reconnect: { maxDelay: 10_000 },
      // refreshing with the same pasted token would only earn the next token:expiring at once
      autoRefresh: renewable,
    });
    const on = (event, handler) => client.on(event, (...args) => {
      if (!this.#retired) handler(...args);
    });
    on("state", (state) => this.#state(state));
    on("connected", (identity) => this.#connected(identity));
    on("reconnecting", (info) => page.activity(`Reconnecting: ${retryText(info)}`));
    on("message", (message) => rooms.message(message));
    on("presence", (change) => {
      const count = this.#client.count(change.room);
      if ("joined" in change) rooms.joined(change.room, change.joined, count);
      else if ("left" in change) rooms.left(change.room, change.left.userId, count);
      else rooms.counted(change.room, count);
    });
    on("kicked", (kick) => this.#kicked(kick));
    on("left", ({ room }) => {
      rooms.remove(room);
      page.notice(leftNotice(room), "info");
    });
    on("error", (error, request) => this.#error(error, request));
    on("expiring", () => clock.expiring(renewable));
    on("refreshed", ({ exp }) => {
      clock.refreshed(exp);
      page.activity("Token refreshed on the same connection", "good");
    });
    on("close", (close) => this.#closed(close));
    on("recovered", ({ room, count }) => this.#recovery(room, recoveredText(count), "good"));
    on("gap", ({ room }) => this.#recovery(room, gapText(), "bad"));
  }

  start() {
    this.#page.activity("Connecting…");
    this.#client.connect().catch((error) => this.#finish({ error }));
  }

  /** The user disconnects (or logs in anew): the page is told here, not by the client's events. */
  close() {
    this.#retired = true;
    this.reconnectNow();
    this.#client.close();
    this.#state("disconnected");
    this.#page.notice("Disconnected.", "info");
    this.#page.activity("Disconnected", "bad");
  }

  /**
   * Closes the socket as a network cut would and stays offline for a while: the client reconnects by itself
   * afterwards and, where the server keeps history, recovers what others said meanwhile.
   */
  drop() {
    if (this.#offline || this.#client.state !== "connected") return;
    /** @type {() => void} */
    let end = () => {};
    const back = new Promise((resolve) => { end = () => resolve(undefined); });
    this.#offline = { back, end, timer: setTimeout(() => this.reconnectNow(), OFFLINE_SECONDS * 1000) };
    this.#page.offline(true);
    this.#page.activity(`Dropped the connection on purpose: offline for ${OFFLINE_SECONDS} s`, "bad");
    const socket = /** @type {WebSocket} */ (this.#socket); // connected: the client has opened one
    // the client hears of the close at once, with the page's code, as of a cut: a server that answered the close
    // frame with 1000 would otherwise read to the client as a close for good
    const onclose = socket.onclose;
    socket.onclose = null;
    socket.close(DROPPED.code, DROPPED.reason);
    onclose?.call(socket, new CloseEvent("close", { ...DROPPED, wasClean: false }));
  }

  /** Ends the offline time of drop() at once. */
  reconnectNow() {
    const offline = this.#offline;
    if (!offline) return;
    this.#offline = null;
    clearTimeout(offline.timer);
    offline.end();
    this.#page.offline(false);
  }

  join(room) {
    this.#client.join(room).then(
      (joined) => this.#rooms.members(joined.room, joined),
      (error) => this.#problem(error, { type: "room:join", payload: { room } }));
  }

  leave(room) {
    this.#rooms.remove(room);
    this.#client.leave(room).catch((error) => this.#problem(error, { type: "room:leave", payload: { room } }));
  }

  /** With echo: the page shows a message once the server has delivered it to the room. */
  send(room, text) {
    this.#client.send(room, { text }, { event: "chat", echo: true });
  }

  kick(room, userId, reason) {
    this.#client.kick(room, userId, { reason: reason || undefined })
      .catch((error) => this.#problem(error, { type: "mod:kick", payload: { room, userId } }));
  }

  #state(state) {
    this.#page.state(state);
    this.#rooms.setLive(state === "connected");
    if (state === "disconnected") {
      this.#clock.stop();
      this.#page.session(false);
    }
  }

  #connected(identity) {
    this.#connects += 1;
    this.#lastClose = null;
    this.#me = identity.userId;
    this.#page.session(true);
    this.#page.identify(identity);
    this.#rooms.identify(identity.userId, identity.roles.some((role) => KICKING_ROLES.includes(role)));
    this.#clock.start(identity.exp);
    const rooms = this.#client.rooms;
    // the client has re-joined these before telling us; a snapshot after each join shows who is back
    for (const room of rooms) {
      this.#client.presence(room).then((snapshot) => this.#rooms.members(snapshot.room, snapshot),
        (error) => this.#problem(error, { type: "room:presence", payload: { room } }));
    }
    if (this.#connects === 1) {
      this.#page.clearNotice();
      this.#page.activity(`Connected as ${identity.username}`, "good");
    } else {
      this.#page.notice(`Reconnected${rooms.length ? `: back in ${rooms.join(", ")}` : ""}.`, "ok");
      this.#page.activity("Reconnected", "good");
      this.#rooms.noteAll("Reconnected", "good");
    }
  }

  #kicked(kick) {
    const reason = kick.reason ? `: ${kick.reason}` : "";
    if (kick.userId === this.#me) {
      this.#end.kick = kick; // the close that follows ends the session
      this.#rooms.note(kick.room, `You were kicked by ${kick.by}${reason}`, "kick");
    } else {
      this.#rooms.note(kick.room, `${kick.userId} was kicked by ${kick.by}${reason}`, "kick");
    }
  }

  #error(error, request) {
    if (this.#client.state === "disconnected") {
      this.#finish({ error });
    } else {
      // a re-join refused after a reconnect (banned, full): the room is gone
      if (request?.type === "room:join") this.#rooms.remove(request.payload.room);
      this.#problem(error, request);
    }
  }

  #closed(close) {
    this.#lastClose = close;
    if (this.#client.state === "reconnecting") {
      this.#page.notice(this.#offline ? droppedNotice(OFFLINE_SECONDS) : dropNotice(close), "info");
      this.#page.activity(`Connection closed (${close.code}${close.reason ? ` ${close.reason}` : ""})`, "bad");
      this.#rooms.noteAll("Connection lost — reconnecting…", "kick");
    } else if (this.#client.state === "disconnected") {
      this.#finish({});
    }
  }

  /** A re-joined room's answer about the messages sent while disconnected (PROTOCOL §8). */
  #recovery(room, text, tone) {
    this.#rooms.note(room, text, tone === "good" ? "good" : "kick");
    this.#page.activity(`${room}: ${text}`, tone);
  }

  /**
   * The connection has ended: called by each event that reports why (the client's error comes before
   * the close it explains, connect()'s rejection after it), each refining the notice.
   */
  #finish(part) {
    if (this.#retired) return; // connect() rejects after close() too
    Object.assign(this.#end, part);
    this.#page.notice(endNotice({ ...this.#end, close: this.#lastClose }), "error");
    if (!this.#finished) this.#page.activity("Disconnected", "bad");
    this.#finished = true;
  }

  #problem(error, request) {
    if (this.#retired) return; // requests still pending at close() reject
    this.#page.notice(problemNotice(error, request), "info");
    this.#page.activity(error.message, "bad");
  }
}
