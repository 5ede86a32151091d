// The rooms this page is in: the room list, the selected room's chat and who is in it. Holds what the
// page has seen of each room; the client decides what the page is in.
import { byId, el, clockTime } from "./dom.js";

/**
 * `members`: the names the page knows (a large room's snapshot lists only the first users); `count`:
 * how many users the room has (PROTOCOL §2.0).
 * @typedef {{members: Map<string, string>, count: number, lines: any[], unread: number}} Room
 */

export class RoomsView {
  #list = byId("room-list");
  #title = byId("room-title");
  #log = byId("chat-log");
  #memberList = byId("member-list");
  #memberCount = byId("member-count");
  #memberMore = byId("member-more");
  #kickReasonField = byId("kick-reason-field");
  #kickReason = /** @type {HTMLInputElement} */ (byId("kick-reason"));
  #leave = /** @type {HTMLButtonElement} */ (byId("leave-room"));
  #input = /** @type {HTMLInputElement} */ (byId("chat-input"));
  #send = /** @type {HTMLButtonElement} */ (byId("chat-send"));

  /** @type {Map<string, Room>} */ #rooms = new Map();
  /** @type {string | null} */ #selected = null;
  #me = "";
  #canKick = false;
  #live = false;
  #onKick;

  /** @param {{onKick: (room: string, userId: string, reason: string) => void}} actions */
  constructor({ onKick }) {
    this.#onKick = onKick;
  }

  get selected() {
    return this.#selected;
  }

  /** A new session: nothing seen yet. */
  clear() {
    this.#rooms.clear();
    this.#selected = null;
    this.#render();
  }

  /** Who this page is (hub:connected), and whether it may kick. */
  identify(userId, canKick) {
    this.#me = userId;
    this.#canKick = canKick;
    this.#kickReasonField.hidden = !canKick;
    this.#renderMembers();
  }

  /** Connected: sending, leaving and kicking work; otherwise the rooms stay readable only. */
  setLive(live) {
    this.#live = live;
    this.#renderRoom();
    this.#renderMembers();
  }

  has(room) {
    return this.#rooms.has(room);
  }

  /** In the room now: a room:joined or room:presence snapshot, its first users and the room's count. */
  members(room, { members, count }) {
    const known = this.#rooms.has(room);
    const entry = this.#room(room);
    entry.members = new Map(members.map((m) => [m.userId, m.username]));
    entry.count = count ?? members.length;
    if (!known || this.#selected === null) this.select(room);
    else this.#render();
  }

  remove(room) {
    this.#rooms.delete(room);
    if (this.#selected === room) this.#selected = this.#rooms.keys().next().value ?? null;
    this.#render();
  }

  select(room) {
    this.#selected = room;
    this.#room(room).unread = 0;
    this.#render();
  }

  /** A join, with the room's count after it (the client's count()). */
  joined(room, member, count) {
    if (!this.#rooms.has(room)) return;
    this.#room(room).members.set(member.userId, member.username);
    this.#counted(room, count);
    this.note(room, `${member.username} joined`);
  }

  /** A leave, with the room's count after it. */
  left(room, userId, count) {
    if (!this.#rooms.has(room)) return;
    const name = this.#room(room).members.get(userId) ?? userId;
    this.#room(room).members.delete(userId);
    this.#counted(room, count);
    this.note(room, `${name} left`);
  }

  /** A large room's summary: only the count changed (no line in the chat: it comes every second). */
  counted(room, count) {
    if (!this.#rooms.has(room)) return;
    this.#counted(room, count);
    if (room === this.#selected) this.#renderMembers();
  }

  #counted(room, count) {
    if (typeof count === "number") this.#room(room).count = count;
  }

  /** A room:message payload. */
  message(message) {
    if (!this.#rooms.has(message.room)) return;
    const text = typeof message.data?.text === "string" ? message.data.text : JSON.stringify(message.data);
    this.#add(message.room, {
      kind: "message", text, ts: message.ts,
      from: message.from.userId, name: message.from.username ?? message.from.userId,
    });
  }

  /** A line in a room's chat that nobody said: presence, kicks, reconnects. */
  note(room, text, tone = "") {
    if (!this.#rooms.has(room)) return;
    this.#add(room, { kind: "event", text, tone, ts: Date.now() });
  }

  /** A line in every room's chat. */
  noteAll(text, tone = "") {
    for (const room of this.#rooms.keys()) this.note(room, text, tone);
  }

  /** @returns {Room} */
  #room(room) {
    let entry = this.#rooms.get(room);
    if (!entry) this.#rooms.set(room, entry = { members: new Map(), count: 0, lines: [], unread: 0 });
    return entry;
  }

  #add(room, line) {
    const entry = this.#room(room);
    entry.lines.push(line);
    if (room === this.#selected) {
      this.#log.append(this.#line(line));
      this.#log.scrollTop = this.#log.scrollHeight;
      this.#renderMembers();
    } else {
      if (line.kind === "message") entry.unread += 1;
      this.#renderList();
    }
  }

  #render() {
    this.#renderList();
    this.#renderRoom();
    this.#renderMembers();
  }

  #renderList() {
    this.#list.replaceChildren(...[...this.#rooms].map(([name, entry]) => el("li", {
      "data-testid": "room", dataset: { room: name },
      class: name === this.#selected ? "selected" : undefined,
      onclick: () => this.select(name),
    }, el("span", { text: name }), entry.unread ? el("span", { class: "unread", text: String(entry.unread) }) : "")));
  }

  #renderRoom() {
    const entry = this.#selected === null ? null : this.#rooms.get(this.#selected);
    this.#title.textContent = this.#selected ?? "No room";
    this.#title.dataset.room = this.#selected ?? "";
    this.#log.replaceChildren(...(entry?.lines ?? []).map((line) => this.#line(line)));
    this.#log.scrollTop = this.#log.scrollHeight;
    const usable = this.#live && entry !== null && entry !== undefined;
    this.#leave.disabled = !usable;
    this.#input.disabled = !usable;
    this.#send.disabled = !usable;
  }

  #renderMembers() {
    const entry = this.#selected === null ? null : this.#rooms.get(this.#selected);
    const members = [...(entry?.members ?? [])].sort(([a], [b]) => a.localeCompare(b));
    // in a large room the names are the snapshot's first users (no joins or leaves come): the rest is a number
    const count = entry?.count ?? 0;
    this.#memberCount.textContent = String(count);
    this.#memberMore.hidden = count <= members.length;
    this.#memberMore.textContent = `and ${count - members.length} more`;
    this.#memberList.replaceChildren(...members.map(([userId, username]) => el("li",
      { "data-testid": "member", dataset: { userId } },
      el("span", { class: "name", text: username }),
      userId === this.#me ? el("span", { class: "me", text: "you" }) : "",
      this.#canKick && userId !== this.#me ? el("button", {
        type: "button", class: "danger", "data-testid": "kick", text: "Kick", disabled: !this.#live,
        onclick: () => this.#onKick(this.#selected, userId, this.#kickReason.value.trim()),
      }) : "")));
  }

  #line(line) {
    if (line.kind === "event") {
      return el("li", { class: `event ${line.tone}`, "data-testid": "chat-event" },
        el("time", { text: clockTime(line.ts) }), " ", line.text);
    }
    return el("li", { class: line.from === this.#me ? "mine" : undefined, "data-testid": "chat-message", dataset: { from: line.from } },
      el("div", { class: "from", text: `${line.name} · ${clockTime(line.ts)}` }),
      el("span", { class: "text", text: line.text }));
  }
}
