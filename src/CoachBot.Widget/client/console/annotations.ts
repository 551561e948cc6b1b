import { el, uid } from "../app/dom";
import { segments, type ConsoleApi } from "./api";
import type { Flag, FlagState, Message, Note } from "./contract";
import { field, formatTime, select, showError, showOk, statusLine } from "./view";

const flagStates: [FlagState, string][] = [
  ["open", "Open"],
  ["following-up", "Following up"],
  ["resolved", "Resolved"],
];

function section(title: string, name: string): HTMLElement {
  const id = uid(name);
  const element = el("section", { class: "card", "aria-labelledby": id, "data-console": name });
  element.append(el("h2", { id }, title));
  return element;
}

/** The conversation's tags, edited as one comma-separated list and saved whole. */
export function tagsSection(api: ConsoleApi, base: string, tags: string[]): HTMLElement {
  const element = section("Tags", "tags");
  const shown = el("p", { "data-console": "tag-list" });
  const render = (list: string[]) => {
    shown.replaceChildren();
    if (list.length === 0) shown.textContent = "No tags.";
    for (const tag of list) shown.append(el("span", { class: "tag" }, tag));
  };
  render(tags);
  const form = el("form", { "data-console": "tags-form" });
  const input = el("input", { id: uid("tags"), name: "tags", type: "text", value: tags.join(", "), "data-console": "tags-input" });
  const status = statusLine("tags-status");
  const actions = el("div", { class: "actions" });
  actions.append(el("button", { type: "submit" }, "Save tags"));
  form.append(field("Tags, separated by commas", input), actions, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const list = [...new Set(input.value.split(",").map((tag) => tag.trim()).filter(Boolean))];
    try {
      render(await api.put<string[]>(`${base}/tags`, list));
      showOk(status, "Tags saved.");
    } catch (error) {
      showError(status, error);
    }
  });
  element.append(shown, form);
  return element;
}

/** Flags on the conversation (or one reply) with their follow-up state and note, and a form to raise one. */
export function flagsSection(api: ConsoleApi, base: string, flags: Flag[], messages: Message[]): HTMLElement {
  const element = section("Flags", "flags");
  const list = el("ul", { class: "messages", "data-console": "flag-list" });
  const empty = el("p", { class: "muted" }, "No flags.");
  const add = (flag: Flag) => {
    empty.remove();
    list.append(flagItem(api, flag));
  };
  element.append(list);
  if (flags.length === 0) element.append(empty);
  for (const flag of flags) add(flag);

  const form = el("form", { "data-console": "flag-form" });
  const reason = el("input", { id: uid("flag-reason"), name: "reason", type: "text", required: true, "data-console": "flag-reason" });
  const replies = messages.filter((m) => m.role === "assistant");
  const turn = select(uid("flag-turn"), "turnId", [["", "The whole conversation"], ...replies.map((m, i): [string, string] => [m.turnId, `Reply ${i + 1}: ${m.text.slice(0, 40)}`])]);
  const status = statusLine("flag-status");
  const actions = el("div", { class: "actions" });
  actions.append(el("button", { type: "submit", "data-console": "flag-submit" }, "Raise flag"));
  form.append(el("h3", {}, "Raise a flag"), field("Reason", reason), field("About", turn), actions, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      status.className = "status error";
      status.textContent = "Give a reason for the flag.";
      reason.focus();
      return;
    }
    try {
      const flag = await api.post<Flag>(`${base}/flags`, turn.value ? { reason: reason.value.trim(), turnId: turn.value } : { reason: reason.value.trim() });
      add(flag);
      reason.value = "";
      showOk(status, "Flag raised.");
    } catch (error) {
      showError(status, error);
    }
  });
  element.append(form);
  return element;
}

function flagItem(api: ConsoleApi, flag: Flag): HTMLLIElement {
  const item = el("li", { class: "message", "data-console": "flag", "data-flag": flag.id });
  item.append(el("strong", {}, flag.reason));
  item.append(el("div", { class: "muted" }, `${flag.turnId ? "About one reply · " : ""}${formatTime(flag.createdAt)} by ${flag.createdBy}`));
  const form = el("form", { class: "filters" });
  const state = select(uid("flag-state"), "state", flagStates, flag.state);
  state.dataset.console = "flag-state";
  const note = el("input", { id: uid("flag-note"), name: "note", type: "text", value: flag.note ?? "", "data-console": "flag-note" });
  const save = el("button", { type: "submit", "data-console": "flag-save" }, "Update flag");
  const buttons = el("div", { class: "field" });
  buttons.append(save);
  const status = statusLine("flag-item-status");
  form.append(field("Follow-up state", state), field("Follow-up note", note), buttons);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.patch(`/api/coach/flags/${segments(flag.id)}`, note.value.trim() ? { state: state.value, note: note.value.trim() } : { state: state.value });
      showOk(status, `Flag is ${state.selectedOptions[0]?.text.toLowerCase() ?? state.value}.`);
    } catch (error) {
      showError(status, error);
    }
  });
  item.append(form, status);
  return item;
}

/** Private notes of the tenant's coaches on this conversation; users never see them. */
export function notesSection(api: ConsoleApi, base: string, notes: Note[]): HTMLElement {
  const element = section("Private notes", "notes");
  const list = el("ul", { "data-console": "note-list" });
  const add = (note: Note) => {
    const item = el("li", { "data-console": "note" });
    item.append(el("span", { class: "text-plain" }, note.text));
    item.append(el("div", { class: "muted" }, `${formatTime(note.createdAt)} · ${note.createdBy}`));
    list.append(item);
  };
  for (const note of notes) add(note);
  const form = el("form", { "data-console": "note-form" });
  const text = el("textarea", { id: uid("note"), name: "text", rows: "3", "data-console": "note-text" });
  const status = statusLine("note-status");
  const actions = el("div", { class: "actions" });
  actions.append(el("button", { type: "submit", "data-console": "note-submit" }, "Add note"));
  form.append(field("New note", text), actions, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      status.className = "status error";
      status.textContent = "Write the note first.";
      text.focus();
      return;
    }
    try {
      add(await api.post<Note>(`${base}/notes`, { text: text.value.trim() }));
      text.value = "";
      showOk(status, "Note added.");
    } catch (error) {
      showError(status, error);
    }
  });
  element.append(list, form);
  return element;
}
