import type { ConversationHistory, TurnStatus } from "./contract";
import { el } from "./dom";
import { MessageView, type FeedbackHandler } from "./messageView";
import { welcome } from "./panel";

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
  private stick = true;
  private oldest: string | null = null;
  /** Changes whenever the list is replaced, so that an earlier page asked for before then is dropped. */
  private epoch = 0;

  constructor(
    readonly element: HTMLElement,
    private readonly onFeedback: FeedbackHandler,
    loadEarlier: () => void,
  ) {
    element.addEventListener("scroll", () => {
      this.stick = element.scrollHeight - element.scrollTop - element.clientHeight < 32;
    });
    this.earlier = el("button", { type: "button", class: "cb-earlier", "data-cb": "load-earlier" }, "Show earlier messages");
    this.earlier.addEventListener("click", loadEarlier);
  }

  /** The oldest turn shown, from which an earlier page is read; null when there is nothing earlier. */
  get before(): { turnId: string; epoch: number } | null {
    return this.earlier.isConnected && this.oldest ? { turnId: this.oldest, epoch: this.epoch } : null;
  }

  scrollToEnd(force = false): void {
    if (force || this.stick) this.element.scrollTop = this.element.scrollHeight;
  }

  /** New text from the visitor: follow the conversation to its end again. */
  follow(): void {
    this.stick = true;
  }

  view(role: "user" | "assistant", status: TurnStatus): MessageView {
    return new MessageView(role, status, () => this.scrollToEnd(), this.onFeedback);
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
      const view = this.view(message.role, message.status);
      view.setTurnId(message.turnId);
      view.setText(message.text, true);
      if (message.role === "assistant" && message.status !== "streaming") {
        const errorMessage = message.errorCode ? "This reply could not be finished. Please ask again." : null;
        view.finish({ status: message.status, citations: message.citations ?? [], errorMessage }, message.feedback ?? null);
      }
      return view;
    });
  }

  /** A new conversation starts with the greeting (if the tenant has one) and a few questions to pick from. */
  showWelcome(greeting: string, ask: (question: string) => void): void {
    this.element.append(welcome(greeting, ask));
  }

  setGreeting(greeting: string): void {
    const text = this.element.querySelector<HTMLElement>("[data-cb=welcome-greeting]");
    if (!text) return;
    text.textContent = greeting;
    text.hidden = !greeting;
  }

  removeWelcome(): void {
    this.element.querySelector(".cb-welcome")?.remove();
  }
}
