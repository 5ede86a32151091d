// Unit tests of the demo page's member panel (src/main/webapp/demo/rooms-view.js) on a minimal DOM:
//   node --test src/test/js/
// The browser ITs (RunCommandSmokeIT) see small rooms on real servers; large rooms (PROTOCOL §2.0) are covered here.
import { test } from "node:test";
import assert from "node:assert/strict";

/** Just what dom.js and rooms-view.js use of elements. */
class FakeElement {
  children = [];
  dataset = {};
  attributes = {};
  textContent = "";
  hidden = false;
  value = "";
  setAttribute(name, value) {
    this.attributes[name] = value;
  }
  addEventListener() {}
  append(...nodes) {
    for (const node of nodes) {
      if (typeof node === "string") this.textContent += node;
      else this.children.push(node);
    }
  }
  replaceChildren(...nodes) {
    this.children = [];
    this.append(...nodes);
  }
}

const elements = new Map();
globalThis.document = {
  getElementById: (id) => {
    if (!elements.has(id)) elements.set(id, new FakeElement());
    return elements.get(id);
  },
  createElement: () => new FakeElement(),
};
const { RoomsView } = await import("../../main/webapp/demo/rooms-view.js");

const member = (userId) => ({ userId, username: userId.toUpperCase() });
const panel = () => ({
  count: elements.get("member-count").textContent,
  names: elements.get("member-list").children.map((li) => li.dataset.userId),
  more: elements.get("member-more").hidden ? null : elements.get("member-more").textContent,
});

test("a large room shows its count, the names of its first users and how many more there are", () => {
  const rooms = new RoomsView({ onKick: () => {} });
  rooms.members("big", { room: "big", members: ["a", "b"].map(member), count: 1500, truncated: true });
  assert.deepEqual(panel(), { count: "1500", names: ["a", "b"], more: "and 1498 more" });

  rooms.counted("big", 1502);
  assert.deepEqual(panel(), { count: "1502", names: ["a", "b"], more: "and 1500 more" });
});

test("a small room shows everyone, and joins and leaves move the count", () => {
  const rooms = new RoomsView({ onKick: () => {} });
  rooms.members("lobby", { room: "lobby", members: [member("a")], count: 1 });
  assert.deepEqual(panel(), { count: "1", names: ["a"], more: null });

  rooms.joined("lobby", member("b"), 2);
  assert.deepEqual(panel(), { count: "2", names: ["a", "b"], more: null });
  rooms.left("lobby", "a", 1);
  assert.deepEqual(panel(), { count: "1", names: ["b"], more: null });
});
