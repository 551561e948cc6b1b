import type { ConversationHistory, TranscriptMessage } from "./contract";
import { el } from "./dom";
import { clock, lang, t } from "./locales";
import { MessageView } from "./messageView";

/** One of the visitor's conversations, as `GET /api/me/conversations` lists it. */
export interface ConversationSummary {
  conversationId: string;
  startedAt: string;
  lastMessageAt: string;
  title: string;
  messageCount: number;
  current: boolean;
}

/** Reads the visitor's own conversations over REST with the session token. */
export interface ConversationSource {
  list(): Promise<ConversationSummary[]>;
  /** Saves the current conversation as a text file. */
  download(): void;
  messages(conversationId: string): Promise<ConversationHistory>;
  coachName(): string;
}

/** "Earlier conversations": a list of the visitor's conversations, and one of them to read again (read only). */
export class ConversationsView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly reader: HTMLElement;
  private readonly status: HTMLElement;

  constructor(
    private readonly source: ConversationSource,
    close: () => void,
  ) {
    this.element = el("section", { class: "cb-profile", "data-cb": "conversations", hidden: true, "aria-label": t.earlierConversations });
    const back = el("button", { type: "button", class: "cb-small-button", "data-cb": "conversations-back" }, t.backToChat);
    back.addEventListener("click", close);
    const download = el("button", { type: "button", class: "cb-small-button", "data-cb": "download" }, t.download);
    download.addEventListener("click", () => source.download());
    const actions = el("div", { class: "cb-profile-actions" });
    actions.append(back, download);
    this.status = el("p", { class: "cb-profile-intro", role: "status" });
    this.list = el("ul", { class: "cb-conversation-list", "data-cb": "conversation-list" });
    this.reader = el("div", { class: "cb-reader", "data-cb": "conversation-reader", hidden: true });
    this.element.append(actions, this.status, this.list, this.reader);
  }

  focusFirst(): void {
    this.element.querySelector<HTMLElement>("[data-cb=conversations-back]")?.focus();
  }

  async show(): Promise<void> {
    this.reader.hidden = true;
    this.list.hidden = false;
    this.list.replaceChildren();
    this.status.textContent = t.loading;
    let conversations: ConversationSummary[];
    try {
      conversations = await this.source.list();
    } catch {
      this.status.textContent = t.historyFailed;
      return;
    }

    const earlier = conversations.filter((c) => !c.current);
    this.status.textContent = earlier.length ? "" : t.noEarlierConversations;
    const dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
    for (const conversation of earlier) {
      const item = el("li");
      const open = el("button", { type: "button", class: "cb-conversation", "data-cb": "conversation", dir: "auto" });
      open.append(el("span", { class: "cb-conversation-title" }, conversation.title || "…"), el("span", { class: "cb-conversation-date" }, dates.format(new Date(conversation.lastMessageAt)) + " · " + clock(new Date(conversation.lastMessageAt))));
      open.addEventListener("click", () => void this.read(conversation));
      item.append(open);
      this.list.append(item);
    }
  }

  private async read(conversation: ConversationSummary): Promise<void> {
    let history: ConversationHistory;
    try {
      history = await this.source.messages(conversation.conversationId);
    } catch {
      this.status.textContent = t.historyFailed;
      return;
    }

    this.list.hidden = true;
    const back = el("button", { type: "button", class: "cb-small-button", "data-cb": "conversation-list-back" }, t.earlierConversations);
    back.addEventListener("click", () => void this.show().then(() => this.list.querySelector<HTMLElement>("button")?.focus()));
    const log = el("div", { class: "cb-messages cb-read-only", role: "log", "aria-label": conversation.title, tabindex: "0" });
    for (const message of history.messages) log.append(this.render(message));
    this.reader.replaceChildren(back, log);
    this.reader.hidden = false;
    this.status.textContent = "";
    back.focus();
  }

  /** A stored message, without feedback controls (they belong to the current conversation). */
  private render(message: TranscriptMessage): HTMLElement {
    const view = new MessageView(message.role, message.status, { rendered: () => undefined, feedback: () => Promise.resolve(), askAgain: () => undefined, coachName: () => this.source.coachName() }, new Date(message.createdAt), message.authorName);
    view.setText(message.text, true);
    if (message.role === "assistant" && message.status !== "streaming") view.finish({ status: message.status, citations: message.citations ?? [], errorMessage: null });
    return view.element;
  }
}
