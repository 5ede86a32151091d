// The demo page's entry point: the login form starts a Session; the room forms act on the current one.
import { byId } from "./dom.js";
import { PageView } from "./page-view.js";
import { RoomsView } from "./rooms-view.js";
import { Session } from "./session.js";
import { TokenClock } from "./token-clock.js";
import { tokenSource } from "./tokens.js";

const page = new PageView();
const clock = new TokenClock();
/** @type {Session | null} */
let session = null;
const rooms = new RoomsView({ onKick: (room, userId, reason) => session?.kick(room, userId, reason) });

const value = (id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();

byId("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  session?.close();
  rooms.clear();
  page.clearNotice();
  const tokens = tokenSource({
    user: value("login-user"), role: value("login-role"), tenant: value("login-tenant"),
    ttl: value("login-ttl"), permissions: value("login-permissions"), pasted: value("login-token"),
  });
  session = new Session(tokens, { rooms, clock, page });
  session.start();
});

byId("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId("join-room"));
  session?.join(input.value.trim());
  input.value = "";
});

byId("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId("chat-input"));
  if (rooms.selected && input.value.trim()) session?.send(rooms.selected, input.value.trim());
  input.value = "";
});

byId("leave-room").addEventListener("click", () => {
  if (rooms.selected) session?.leave(rooms.selected);
});

byId("logout").addEventListener("click", () => session?.close());

byId("drop-connection").addEventListener("click", (event) => {
  const button = /** @type {HTMLButtonElement} */ (event.currentTarget);
  if (button.dataset.offline === "true") session?.reconnectNow();
  else session?.drop();
});
