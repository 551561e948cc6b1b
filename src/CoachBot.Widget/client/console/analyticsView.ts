import { el } from "../app/dom";
import type { Analytics } from "./contract";
import { chart } from "./charts";
import { field, select, showError, startView, statusLine, type ConsoleView, type ViewContext } from "./view";

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The tenant's activity per day or week: conversations, turns, failures, flagged share, ratings and intents. */
export function showAnalytics(context: ViewContext): ConsoleView {
  const body = startView(context, "Analytics");
  const today = new Date();
  const from = context.query.get("from") ?? isoDay(new Date(today.getTime() - 27 * 86_400_000));
  const to = context.query.get("to") ?? isoDay(today);
  const bucket = context.query.get("bucket") ?? "day";
  const form = el("form", { class: "filters", "data-console": "analytics-form" });
  form.append(
    field("From", el("input", { id: "a-from", name: "from", type: "date", value: from })),
    field("To", el("input", { id: "a-to", name: "to", type: "date", value: to })),
    field("Per", select("a-bucket", "bucket", [["day", "Day"], ["week", "Week"]], bucket)),
  );
  const buttons = el("div", { class: "field" });
  buttons.append(el("button", { type: "submit" }, "Show"));
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = new URLSearchParams();
    for (const name of ["from", "to", "bucket"]) values.set(name, (form.elements.namedItem(name) as HTMLInputElement).value);
    context.navigate(`#/analytics?${values.toString()}`);
  });
  const status = statusLine("analytics-status");
  status.textContent = "Loading…";
  const results = el("div", { "data-console": "analytics" });
  body.append(form, status, results);

  const query = { from: new Date(from + "T00:00:00").toISOString(), to: new Date(to + "T23:59:59.999").toISOString(), bucket };
  void context.api.get<Analytics>("/api/coach/analytics", query).then(
    (analytics) => {
      status.textContent = analytics.series.length === 0 ? "No activity in this period." : `${analytics.series.length} ${bucket === "week" ? "weeks" : "days"} shown.`;
      if (analytics.series.length > 0) render(results, analytics);
    },
    (error) => showError(status, error),
  );
  return { dispose() {} };
}

function render(container: HTMLElement, analytics: Analytics): void {
  const series = analytics.series;
  const labels = series.map((b) => b.bucket.slice(5, 10));
  const percent = (v: number) => `${Math.round(v * 100)}%`;
  const charts = el("div", { class: "charts" });
  const figure = (title: string, image: SVGSVGElement) => {
    const element = el("figure", { class: "card" });
    element.append(el("figcaption", {}, title), image);
    charts.append(element);
  };
  figure("Conversations and turns", chart("bars", "Conversations and turns", labels, [
    { name: "Conversations", color: "#0b5cad", values: series.map((b) => b.conversations) },
    { name: "Turns", color: "#7c8ea3", values: series.map((b) => b.turns) },
  ]));
  figure("Failed turns", chart("bars", "Failed turns", labels, [{ name: "Failed", color: "#a4161a", values: series.map((b) => b.failed) }]));
  figure("Flagged share", chart("lines", "Flagged share", labels, [{ name: "Flagged", color: "#9a5b00", values: series.map((b) => b.flaggedShare) }], percent));
  figure("Rated helpful", chart("lines", "Rated helpful", labels, [{ name: "Helpful share of rated replies", color: "#1d6b35", values: series.map((b) => b.averageRating ?? 0) }], percent));

  const intents = new Map<string, number>();
  for (const b of series) for (const [name, count] of Object.entries(b.intents ?? {})) intents.set(name, (intents.get(name) ?? 0) + count);
  const ranked = [...intents].sort((a, b) => b[1] - a[1]);
  if (ranked.length > 0) {
    figure("Intents", chart("bars", "Intents", ranked.map(([name]) => name), [{ name: "Turns", color: "#5b3d9e", values: ranked.map(([, count]) => count) }]));
  }

  const table = el("table", { "data-console": "analytics-table" });
  table.append(el("caption", {}, "The same numbers as a table"));
  const head = el("tr");
  for (const title of ["Period", "Conversations", "Turns", "Failed", "Flagged share", "Rated helpful"]) head.append(el("th", { scope: "col" }, title));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const b of series) {
    const row = el("tr");
    row.append(el("th", { scope: "row" }, b.bucket.slice(0, 10)));
    for (const value of [String(b.conversations), String(b.turns), String(b.failed), percent(b.flaggedShare), b.averageRating === null || b.averageRating === undefined ? "" : percent(b.averageRating)]) row.append(el("td", {}, value));
    tbody.append(row);
  }
  table.append(thead, tbody);
  const wrap = el("div", { class: "table-wrap" });
  wrap.append(table);
  container.append(charts, el("h2", {}, "Numbers"), wrap);
}
