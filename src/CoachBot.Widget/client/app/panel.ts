import { el } from "./dom";
import { format, lang, t } from "./locales";

const profileIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z"/></svg>';
const newIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm7 3v3H8v2h3v3h2v-3h3v-2h-3V7z"/></svg>';
const closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';
const historyIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M13 3a9 9 0 1 1-8.5 12h2.1A7 7 0 1 0 6 9.3L8.7 12H2V5.3l2.6 2.6A9 9 0 0 1 13 3zm-1 5h2v4.6l3.4 2-1 1.7L12 13.7z"/></svg>';

/** The counter under the input appears when fewer characters than this are left. */
const counterFrom = 500;

/** What the panel's controls do. */
export interface PanelActions {
  send(): void;
  stop(): void;
  retry(): void;
  newConversation(): void;
  toggleProfile(): void;
  toggleConversations(): void;
  close(): void;
  inputChanged(): void;
}

/** The panel's elements (the DOM contract's data-cb names), built once. */
export interface Panel {
  panel: HTMLElement;
  avatarSlot: HTMLElement;
  title: HTMLElement;
  profileButton: HTMLButtonElement;
  conversationsButton: HTMLButtonElement;
  banner: HTMLElement;
  error: HTMLElement;
  body: HTMLElement;
  messages: HTMLElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  stop: HTMLButtonElement;
  counter: HTMLElement;
}

function iconButton(cb: string, label: string, icon: string, onClick: () => void): HTMLButtonElement {
  const button = el("button", { type: "button", class: "cb-icon-button", "data-cb": cb, "aria-label": label, title: label });
  button.innerHTML = icon;
  button.addEventListener("click", onClick);
  return button;
}

export function buildPanel(actions: PanelActions, maxLength: number): Panel {
  // The widget speaks its own language and direction, whatever the host page's are.
  const panel = el("div", { class: "cb-panel", id: "cb-panel", "data-cb": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "cb-title", hidden: true, lang, dir: t.dir });
  // A plain div: a <header> here would be a second banner landmark on the host page.
  const header = el("div", { class: "cb-header" });
  const avatarSlot = el("div", { class: "cb-avatar-slot" });
  const heading = el("div", { class: "cb-heading" });
  const title = el("h2", { class: "cb-title", id: "cb-title", "data-cb": "title" });
  heading.append(title);
  const profileButton = iconButton("profile-open", t.profile, profileIcon, () => actions.toggleProfile());
  profileButton.setAttribute("aria-expanded", "false");
  const conversationsButton = iconButton("conversations-open", t.earlierConversations, historyIcon, () => actions.toggleConversations());
  conversationsButton.setAttribute("aria-expanded", "false");
  header.append(
    avatarSlot,
    heading,
    conversationsButton,
    iconButton("new-conversation", t.newConversation, newIcon, () => actions.newConversation()),
    profileButton,
    iconButton("close", t.close, closeIcon, () => actions.close()),
  );

  const banner = el("div", { class: "cb-banner", "data-cb": "connection", role: "status", "data-state": "connecting", hidden: true });
  const retry = el("button", { type: "button", class: "cb-small-button", "data-cb": "retry", hidden: true }, t.retry);
  retry.addEventListener("click", () => actions.retry());
  banner.append(el("span"), retry);
  const error = el("div", { class: "cb-error", "data-cb": "error", role: "alert", hidden: true });

  const body = el("div", { class: "cb-body" });
  const messages = el("div", { class: "cb-messages", "data-cb": "messages", role: "log", "aria-live": "polite", "aria-label": t.conversation, tabindex: "0" });
  body.append(messages);

  const composer = el("form", { class: "cb-composer" });
  const input = el("textarea", { class: "cb-input", "data-cb": "input", rows: "1", maxlength: String(maxLength), placeholder: t.placeholder, "aria-label": t.yourMessage, dir: "auto" });
  const send = el("button", { type: "submit", class: "cb-send", "data-cb": "send" }, t.send);
  const stop = el("button", { type: "button", class: "cb-stop", "data-cb": "stop", hidden: true, "aria-label": t.stopLabel }, t.stop);
  const counter = el("div", { class: "cb-counter", "data-cb": "counter", id: "cb-counter", "aria-live": "polite", hidden: true });
  stop.addEventListener("click", () => {
    if (stop.getAttribute("aria-disabled") !== "true") actions.stop();
  });
  composer.append(input, send, stop, counter);
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.send();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      actions.send();
    }
  });
  input.addEventListener("input", () => {
    const left = maxLength - input.value.length;
    counter.hidden = left >= counterFrom;
    counter.textContent = format(t.charactersLeft, left);
    counter.dataset.low = String(left < 100);
    actions.inputChanged();
  });

  panel.append(header, banner, error, body, composer);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      actions.close();
    }
  });
  return { panel, avatarSlot, title, profileButton, conversationsButton, banner, error, body, messages, input, send, stop, counter };
}

/** A new conversation starts with the greeting (none when it is empty) and a few questions to pick from. */
export function welcome(greeting: string, questions: string[], ask: (question: string) => void): HTMLElement {
  const box = el("div", { class: "cb-welcome" });
  box.append(el("p", { "data-cb": "welcome-greeting", dir: "auto", hidden: !greeting }, greeting));
  box.append(choices(questions, t.suggested, "suggestion", ask));
  return box;
}

/** A row of questions to pick from (suggested prompts, or quick replies after an answer). */
export function choices(questions: string[], label: string, cb: "suggestion" | "quick-reply", ask: (question: string) => void): HTMLElement {
  const list = el("div", { class: "cb-suggestions", role: "group", "aria-label": label, "data-cb": cb + "-group" });
  for (const question of questions) {
    const button = el("button", { type: "button", class: "cb-suggestion", "data-cb": cb, dir: "auto" }, question);
    button.addEventListener("click", () => ask(question));
    list.append(button);
  }
  return list;
}
