import { el } from "../app/dom";
import { segments, type Query } from "./api";
import type { ConversationPage, ConversationSummary } from "./contract";
import { exportControls } from "./exportControls";
import { field, formatTime, select, showError, startView, statusLine, type ConsoleView, type ViewContext } from "./view";

const filterNames = ["q", "userId", "from", "to", "channel", "intent", "rating", "flagged", "status", "limit"] as const;

/** Dates are picked as days; "to" covers the whole day it names. */
function toQuery(values: URLSearchParams): Query {
  const query: Query = {};
  for (const name of filterNames) {
    const value = values.get(name);
    if (!value) continue;
    if (name === "from") query[name] = new Date(value + "T00:00:00").toISOString();
    else if (name === "to") query[name] = new Date(value + "T23:59:59.999").toISOString();
    else query[name] = value;
  }
  return query;
}

/** Search over the tenant's conversations with every filter; the filters live in the hash, so Back returns to the results. */
export function showSearch(context: ViewContext): ConsoleView {
  const body = startView(context, "Conversations");
  const values = context.query;
  const form = el("form", { class: "filters", role: "search", "aria-label": "Conversations", "data-console": "search" });
  const text = (id: string, type = "text", extra: Record<string, string> = {}) => el("input", { id: `f-${id}`, name: id, type, value: values.get(id) ?? "", ...extra });
  form.append(
    field("Text", text("q", "search")),
    field("User id", text("userId")),
    field("From", text("from", "date")),
    field("To", text("to", "date")),
    field("Channel", select("f-channel", "channel", [["", "Any"], ["widget", "Web widget"], ["slack", "Slack"], ["teams", "Teams"]], values.get("channel") ?? "")),
    field("Intent", text("intent")),
    field("User rating", select("f-rating", "rating", [["", "Any"], ["up", "Helpful"], ["down", "Not helpful"]], values.get("rating") ?? "")),
    field("Flagged", select("f-flagged", "flagged", [["", "Any"], ["true", "Flagged"], ["false", "Not flagged"]], values.get("flagged") ?? "")),
    field("Turn status", select("f-status", "status", [["", "Any"], ["completed", "Completed"], ["failed", "Failed"], ["cancelled", "Cancelled"]], values.get("status") ?? "")),
    field("Results per page", text("limit", "number", { min: "1", max: "200", inputmode: "numeric" })),
  );
  const submit = el("button", { type: "submit", "data-console": "search-submit" }, "Search");
  const buttons = el("div", { class: "field" });
  buttons.append(submit);
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of filterNames) {
      const value = (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
      if (value) next.set(name, value);
    }
    // A hash that does not change fires no hashchange; search again anyway.
    const hash = `#/conversations?${next.toString()}`;
    if (location.hash === hash) void load(null, false);
    else context.navigate(hash);
  });

  const status = statusLine("search-status");
  const table = el("table", { "data-console": "results" });
  table.append(el("caption", { class: "visually-hidden" }, "Matching conversations"));
  const head = el("tr");
  for (const title of ["Conversation", "Last message", "Channel", "Messages", "Intents", "Rating", "Flags", "Tags"]) head.append(el("th", { scope: "col" }, title));
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  const rows = el("tbody");
  table.append(rows);
  const wrap = el("div", { class: "table-wrap" });
  wrap.append(table);
  const more = el("button", { type: "button", class: "secondary", hidden: true, "data-console": "more" }, "Load more");
  let cursor: string | null = null;
  const query = toQuery(values);

  async function load(after: string | null, append: boolean): Promise<void> {
    status.className = "status";
    status.textContent = "Searching…";
    try {
      const page = await context.api.get<ConversationPage>("/api/coach/conversations", { ...query, cursor: after });
      if (!append) rows.replaceChildren();
      const first = rows.children.length;
      for (const item of page.items) rows.append(row(item));
      cursor = page.nextCursor ?? null;
      more.hidden = !cursor;
      status.textContent = rows.children.length === 0 ? "No conversations match." : `${rows.children.length} conversation${rows.children.length === 1 ? "" : "s"} shown${cursor ? ", more available" : ""}.`;
      // After "Load more", focus the first new result rather than leaving it on a button that may vanish.
      if (append) rows.children[first]?.querySelector("a")?.focus();
    } catch (error) {
      showError(status, error);
    }
  }
  more.addEventListener("click", () => void load(cursor, true));

  body.append(form, status, wrap, el("div", { class: "actions" }), exportControls(context.api, "Export these conversations", "/api/coach/export", () => query, "conversations"));
  body.children[3]!.append(more);
  void load(null, false);
  return { dispose() {} };
}

function row(item: ConversationSummary): HTMLTableRowElement {
  const tr = el("tr", { "data-console": "result" });
  const first = el("td");
  const link = el("a", { href: `#/conversation/${segments(item.userId, item.conversationId)}`, "data-console": "open" }, `${item.userId}`);
  first.append(link, el("div", { class: "muted" }, item.snippet ?? ""));
  const flags = item.flagged ? `${item.openFlags} open` : "None";
  const problems = [item.failedTurns ? `${item.failedTurns} failed` : "", item.cancelledTurns ? `${item.cancelledTurns} cancelled` : ""].filter(Boolean).join(", ");
  const tags = el("td");
  for (const tag of item.tags) tags.append(el("span", { class: "tag" }, tag));
  tr.append(
    first,
    el("td", {}, formatTime(item.lastMessageAt)),
    el("td", {}, item.channel ?? ""),
    el("td", {}, String(item.messageCount) + (problems ? ` (${problems})` : "")),
    el("td", {}, item.intents.join(", ")),
    el("td", {}, item.rating === "up" ? "Helpful" : item.rating === "down" ? "Not helpful" : ""),
    el("td", {}, flags),
    tags,
  );
  return tr;
}
