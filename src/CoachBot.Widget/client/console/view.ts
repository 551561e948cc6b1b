import { el } from "../app/dom";
import { ApiError, type ConsoleApi } from "./api";

/** What every view gets: the API, the main landmark to fill, the hash's query and a way to move to another view. */
export interface ViewContext {
  api: ConsoleApi;
  main: HTMLElement;
  query: URLSearchParams;
  navigate(hash: string): void;
}

/** A shown view; dispose stops what it started (a live connection) when another view replaces it. */
export interface ConsoleView {
  dispose(): void;
}

/** Replaces the main landmark with a titled view and moves focus to its heading, so a screen reader hears where it is. */
export function startView(context: ViewContext, title: string): HTMLElement {
  document.title = `${title} · CoachBot coach console`;
  const heading = el("h1", { tabindex: "-1", "data-console": "title" }, title);
  const body = el("div");
  context.main.replaceChildren(heading, body);
  heading.focus();
  return body;
}

/** A polite status line that announces results and errors. */
export function statusLine(name: string): HTMLElement {
  return el("p", { class: "status", role: "status", "aria-live": "polite", "data-console": name });
}

export function showError(status: HTMLElement, error: unknown): void {
  status.className = "status error";
  status.textContent = error instanceof ApiError ? `${error.message} (${error.code})` : "Something went wrong. Try again.";
}

export function showOk(status: HTMLElement, text: string): void {
  status.className = "status ok";
  status.textContent = text;
}

/** A labelled form field: label above an input, select or textarea with the given id. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): HTMLElement {
  const wrapper = el("div", { class: "field" });
  wrapper.append(el("label", { for: control.id }, label), control);
  return wrapper;
}

export function select(id: string, name: string, options: [string, string][], value = ""): HTMLSelectElement {
  const element = el("select", { id, name });
  for (const [optionValue, text] of options) {
    const option = el("option", { value: optionValue }, text);
    if (optionValue === value) option.selected = true;
    element.append(option);
  }
  return element;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

/** Saves a downloaded file through a temporary link. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
