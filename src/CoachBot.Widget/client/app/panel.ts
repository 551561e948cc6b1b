import { el } from "./dom";

const profileIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z"/></svg>';
const newIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm7 3v3H8v2h3v3h2v-3h3v-2h-3V7z"/></svg>';
const closeIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';
const suggestions = ["How do I reach the next level in my role?", "Which skills should I learn next?", "Help me prepare for an interview"];

/** What the panel's controls do. */
export interface PanelActions {
  send(): void;
  stop(): void;
  retry(): void;
  newConversation(): void;
  toggleProfile(): void;
  close(): void;
  inputChanged(): void;
}

/** The panel's elements (the DOM contract's data-cb names), built once. */
export interface Panel {
  panel: HTMLElement;
  avatarSlot: HTMLElement;
  title: HTMLElement;
  greeting: HTMLElement;
  profileButton: HTMLButtonElement;
  banner: HTMLElement;
  error: HTMLElement;
  body: HTMLElement;
  messages: HTMLElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  stop: HTMLButtonElement;
}

function iconButton(cb: string, label: string, icon: string, onClick: () => void): HTMLButtonElement {
  const button = el("button", { type: "button", class: "cb-icon-button", "data-cb": cb, "aria-label": label, title: label });
  button.innerHTML = icon;
  button.addEventListener("click", onClick);
  return button;
}

export function buildPanel(actions: PanelActions): Panel {
  const panel = el("div", { class: "cb-panel", id: "cb-panel", "data-cb": "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "cb-title", hidden: true });
  const header = el("header", { class: "cb-header" });
  const avatarSlot = el("div", { class: "cb-avatar-slot" });
  const heading = el("div", { class: "cb-heading" });
  const title = el("h2", { class: "cb-title", id: "cb-title", "data-cb": "title" });
  const greeting = el("p", { class: "cb-greeting", "data-cb": "greeting" });
  heading.append(title, greeting);
  const profileButton = iconButton("profile-open", "Your profile", profileIcon, () => actions.toggleProfile());
  profileButton.setAttribute("aria-expanded", "false");
  header.append(
    avatarSlot,
    heading,
    iconButton("new-conversation", "New conversation", newIcon, () => actions.newConversation()),
    profileButton,
    iconButton("close", "Close chat", closeIcon, () => actions.close()),
  );

  const banner = el("div", { class: "cb-banner", "data-cb": "connection", role: "status", "data-state": "connecting", hidden: true });
  const retry = el("button", { type: "button", class: "cb-small-button", "data-cb": "retry", hidden: true }, "Retry");
  retry.addEventListener("click", () => actions.retry());
  banner.append(el("span"), retry);
  const error = el("div", { class: "cb-error", "data-cb": "error", role: "alert", hidden: true });

  const body = el("div", { class: "cb-body" });
  const messages = el("div", { class: "cb-messages", "data-cb": "messages", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  body.append(messages);

  const composer = el("form", { class: "cb-composer" });
  const input = el("textarea", { class: "cb-input", "data-cb": "input", rows: "1", maxlength: "4000", placeholder: "Ask about your career…", "aria-label": "Your message" });
  const send = el("button", { type: "submit", class: "cb-send", "data-cb": "send" }, "Send");
  const stop = el("button", { type: "button", class: "cb-stop", "data-cb": "stop", hidden: true, "aria-label": "Stop the reply" }, "Stop");
  stop.addEventListener("click", () => actions.stop());
  composer.append(input, send, stop);
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
  input.addEventListener("input", () => actions.inputChanged());

  panel.append(header, banner, error, body, composer);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      actions.close();
    }
  });
  return { panel, avatarSlot, title, greeting, profileButton, banner, error, body, messages, input, send, stop };
}

/** A new conversation starts with the greeting (none when it is empty) and a few questions to pick from. */
export function welcome(greeting: string, ask: (question: string) => void): HTMLElement {
  const box = el("div", { class: "cb-welcome" });
  box.append(el("p", { "data-cb": "welcome-greeting", hidden: !greeting }, greeting));
  const list = el("div", { class: "cb-suggestions", role: "group", "aria-label": "Suggested questions" });
  for (const question of suggestions) {
    const button = el("button", { type: "button", class: "cb-suggestion" }, question);
    button.addEventListener("click", () => ask(question));
    list.append(button);
  }
  box.append(list);
  return box;
}
