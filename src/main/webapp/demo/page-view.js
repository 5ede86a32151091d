// The parts of the page around the rooms: connection state, identity, the notice and the activity log.
import { byId, el, clockTime } from "./dom.js";

const ACTIVITY_LINES = 200;

export class PageView {
  #state = byId("connection-state");
  #identity = byId("identity");
  #notice = byId("notice");
  #activity = byId("activity");
  #loginView = byId("login-view");
  #chatView = byId("chat-view");
  #logout = byId("logout");
  #drop = /** @type {HTMLButtonElement} */ (byId("drop-connection"));
  #offline = false;

  /** @param {string} state the client's: connecting, connected, reconnecting or disconnected */
  state(state) {
    this.#state.dataset.state = state;
    this.#state.textContent = state;
    this.#drop.disabled = !this.#offline && state !== "connected";
  }

  /** While offline on purpose the drop button ends it ("Reconnect now"); otherwise it drops the connection. */
  offline(offline) {
    this.#offline = offline;
    this.#drop.textContent = offline ? "Reconnect now" : "Drop connection";
    this.#drop.dataset.offline = String(offline);
    this.#drop.disabled = !offline && this.#state.dataset.state !== "connected";
  }

  /** While a session is on the login form is away; once it ends, the form is back above its rooms. */
  session(active) {
    this.#loginView.hidden = active;
    this.#logout.hidden = !active;
    this.#drop.hidden = !active;
    if (active) this.#chatView.hidden = false;
    this.#chatView.classList.toggle("ended", !active);
  }

  identify(identity) {
    const roles = identity.roles.length ? identity.roles.join(", ") : "no role";
    const tenant = identity.tenant ? ` · tenant ${identity.tenant}` : "";
    const permissions = identity.permissions ? ` · may ${identity.permissions.join(", ") || "nothing"}` : "";
    this.#identity.hidden = false;
    this.#identity.dataset.userId = identity.userId;
    this.#identity.replaceChildren(el("strong", { text: identity.username }), el("span", { class: "roles", text: ` · ${roles}${tenant}${permissions}` }));
  }

  /** @param {"error" | "info" | "ok"} tone */
  notice(text, tone = "error") {
    this.#notice.hidden = false;
    this.#notice.className = `notice ${tone}`;
    this.#notice.dataset.tone = tone;
    this.#notice.textContent = text;
  }

  clearNotice() {
    this.#notice.hidden = true;
    this.#notice.textContent = "";
  }

  /** @param {"" | "good" | "bad"} tone */
  activity(text, tone = "") {
    this.#activity.prepend(el("li", { class: tone || undefined }, el("time", { text: clockTime(Date.now()) }), text));
    while (this.#activity.childElementCount > ACTIVITY_LINES) this.#activity.lastElementChild?.remove();
  }
}
