// The token's remaining life in the top bar, counting down each second, and the note each refresh leaves.
import { byId, clockTime } from "./dom.js";

/** exp of identities that never expire (dev tokens, the server bypass): protocol notes, auth modes. */
const NEVER = 253402300799;

export class TokenClock {
  #box = byId("token-clock");
  #remaining = byId("token-remaining");
  #refreshed = byId("token-refreshed");
  #exp = 0;
  #refreshes = 0;
  #timer = null;

  /** @param {number} exp JWT NumericDate of the token in use */
  start(exp) {
    this.#box.hidden = false;
    this.#set(exp);
    this.#timer ??= setInterval(() => this.#tick(), 1000);
  }

  /** token:expiring arrived: the client fetches a new token, unless there is none to fetch. */
  expiring(renewable) {
    this.#refreshed.hidden = false;
    this.#refreshed.classList.remove("flash");
    this.#refreshed.classList.add("warn");
    this.#refreshed.textContent = renewable ? "expiring — getting a new token…" : "expiring — a pasted token cannot be renewed";
  }

  /** token:refreshed: the same connection goes on with the new token. @param {number} exp */
  refreshed(exp) {
    this.#refreshes += 1;
    this.#set(exp);
    this.#refreshed.hidden = false;
    this.#refreshed.dataset.count = String(this.#refreshes);
    this.#refreshed.textContent = `refreshed at ${clockTime(Date.now())} · new expiry ${clockTime(exp * 1000)}`;
    // restart the highlight for every refresh
    this.#refreshed.classList.remove("flash", "warn");
    void this.#refreshed.offsetWidth;
    this.#refreshed.classList.add("flash");
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#remaining.textContent = "–";
    this.#box.classList.remove("expiring");
    this.#box.hidden = true;
  }

  #set(exp) {
    this.#exp = exp;
    this.#box.dataset.exp = String(exp);
    this.#remaining.title = exp >= NEVER ? "" : `expires at ${clockTime(exp * 1000)}`;
    this.#tick();
  }

  #tick() {
    if (this.#exp >= NEVER) {
      this.#remaining.textContent = "never expires";
      return;
    }
    const seconds = Math.max(0, Math.round(this.#exp - Date.now() / 1000));
    this.#remaining.textContent = `expires in ${duration(seconds)}`;
    this.#remaining.dataset.seconds = String(seconds);
    this.#box.classList.toggle("expiring", seconds <= 60);
  }
}

/** 59 s, 4:05, 1:00:00 */
function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const two = (n) => String(n).padStart(2, "0");
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
