import type { ConversationHistory, MessageRole, TurnStatus } from "./contract";
import { el } from "./dom";
import { t } from "./locales";
import { MessageView, type MessageHooks } from "./messageView";
import { choices, welcome } from "./panel";

/** The reply still being written in a page of history, and the question it answers. */
export interface StreamingTurn {
  view: MessageView;
  userView: MessageView | null;
}

/**
 * The conversation log: its messages, the welcome of a new conversation, the "Show earlier messages" button, and
 * scrolling that follows new text unless the visitor scrolled up.
 */
export class MessageList {
  private readonly earlier: HTMLButtonElement;
  /** "New messages ↓": shown when text arrives while the visitor reads further up. */
  readonly jump: HTMLButtonElement;
  private stick = true;
  private oldest: string | null = null;
  /** Changes whenever the list is replaced, so that an earlier page asked for before then is dropped. */
  private epoch = 0;
  /** Text already shown of replies that then failed, by turn: kept when the stored reply has less. */
  private readonly shownBeforeFailure = new Map<string, string>();

  constructor(
    readonly element: HTMLElement,
    private readonly hooks: Omit<MessageHooks, "rendered">,
    loadEarlier: () => void,
  ) {
    element.addEventListener("scroll", () => {
      this.stick = element.scrollHeight - element.scrollTop - element.clientHeight < 32;
      if (this.stick) this.jump.hidden = true;
    });
    this.earlier = el("button", { type: "button", class: "cb-earlier", "data-cb": "load-earlier" }, t.earlier);
    this.earlier.addEventListener("click", loadEarlier);
    this.jump = el("button", { type: "button", class: "cb-jump", "data-cb": "new-messages", hidden: true }, t.newMessages);
    this.jump.addEventListener("click", () => {
      this.jump.hidden = true;
      this.scrollToEnd(true);
      this.element.focus({ preventScroll: true });
    });
  }

  /** Remembers what a reply showed before it failed (the stored reply may have less after a crash). */
  keepShown(turnId: string, text: string): void {
    if (text) this.shownBeforeFailure.set(turnId, text);
  }

  /** The oldest turn shown, from which an earlier page is read; null when there is nothing earlier. */
  get before(): { turnId: string; epoch: number } | null {
    return this.earlier.isConnected && this.oldest ? { turnId: this.oldest, epoch: this.epoch } : null;
  }

  scrollToEnd(force = false): void {
    if (force || this.stick) {
      this.stick = true;
      this.element.scrollTop = this.element.scrollHeight;
      this.jump.hidden = true;
    } else {
      this.jump.hidden = false;
    }
  }

  /** New text from the visitor: follow the conversation to its end again. */
  follow(): void {
    this.stick = true;
  }

  view(role: MessageRole, status: TurnStatus, at?: Date, authorName?: string | null): MessageView {
    return new MessageView(role, status, { ...this.hooks, rendered: () => this.scrollToEnd() }, at, authorName);
  }

  /** A human coach's message, live; nothing when it is already shown (a history load raced the push). */
  addCoachMessage(id: string, text: string, authorName: string, at: Date): void {
    if (this.element.querySelector(`[data-cb=message][data-role=coach][data-turn-id="${CSS.escape(id)}"]`)) return;
    const view = this.view("coach", "completed", at, authorName);
    view.setTurnId(id);
    view.setText(text, true);
    this.add(view);
  }

  add(view: MessageView): MessageView {
    this.element.append(view.element);
    this.scrollToEnd();
    return view;
  }

  clear(): void {
    this.epoch++;
    this.oldest = null;
    this.element.replaceChildren();
  }

  /** Replaces the list with the latest page of the conversation; returns the reply still being written, if any. */
  show(history: ConversationHistory): StreamingTurn | null {
    this.clear();
    let streaming: StreamingTurn | null = null;
    let lastUser: MessageView | null = null;
    for (const view of this.views(history)) {
      this.element.append(view.element);
      if (view.role === "user") lastUser = view;
      else if (view.status === "streaming") streaming = { view, userView: lastUser };
    }
    if (history.hasMore) this.element.prepend(this.earlier);
    this.scrollToEnd(true);
    return streaming;
  }

  /** Adds an earlier page above the messages shown, keeping what the visitor sees where it is. */
  prepend(history: ConversationHistory, epoch: number): void {
    if (epoch !== this.epoch || !this.earlier.isConnected) return;
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    const page = document.createDocumentFragment();
    for (const view of this.views(history)) page.append(view.element);
    this.earlier.after(page);
    if (!history.hasMore) {
      const focused = (this.element.getRootNode() as ShadowRoot).activeElement === this.earlier;
      this.earlier.remove();
      // The button is gone: keep keyboard focus in the conversation rather than losing it to the page.
      if (focused) this.element.focus({ preventScroll: true });
    }
    this.element.scrollTop = this.element.scrollHeight - fromBottom;
  }

  private views(history: ConversationHistory): MessageView[] {
    let messages = history.messages;
    // A page may start with a reply whose question is on the page before it: it is shown with that page instead.
    if (history.hasMore && messages.length > 1 && messages[0]!.role === "assistant") messages = messages.slice(1);
    this.oldest = messages[0]?.turnId ?? this.oldest;
    return messages.map((message) => {
      const at = new Date(message.createdAt);
      const view = this.view(message.role, message.status, isNaN(at.getTime()) ? undefined : at, message.authorName);
      view.setTurnId(message.turnId);
      let text = message.text;
      const shown = message.status === "failed" ? this.shownBeforeFailure.get(message.turnId) : undefined;
      // A crash may have stored less than the visitor already read: keep what was shown.
      if (shown && shown.length > text.length && shown.startsWith(text)) text = shown;
      view.setText(text, true);
      if (message.role === "assistant" && message.status !== "streaming") {
        const errorMessage = message.errorCode ? t.failed : null;
        view.finish({ status: message.status, citations: message.citations ?? [], errorMessage }, message.feedback ?? null);
      }
      return view;
    });
  }

  /** A new conversation starts with the greeting (if the tenant has one) and a few questions to pick from. */
  showWelcome(greeting: string, questions: string[], ask: (question: string) => void): void {
    this.element.append(welcome(greeting, questions, ask));
  }

  /** Quick replies under the latest answer; any earlier ones go. */
  showQuickReplies(questions: string[], ask: (question: string) => void): void {
    this.removeQuickReplies();
    if (questions.length) this.element.append(choices(questions, t.quickReplies, "quick-reply", ask));
    this.scrollToEnd();
  }

  removeQuickReplies(): void {
    this.element.querySelector("[data-cb=quick-reply-group]")?.remove();
  }

  /** The tenant's configuration arrived: a welcome already shown takes its greeting and prompts. */
  refreshWelcome(greeting: string, questions: string[], ask: (question: string) => void): void {
    const shown = this.element.querySelector(".cb-welcome");
    if (shown) shown.replaceWith(welcome(greeting, questions, ask));
  }

  removeWelcome(): void {
    this.element.querySelector(".cb-welcome")?.remove();
  }
}
