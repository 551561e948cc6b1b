import { approvedAnswerSectionId, type Citation, type MessageRole, type TurnEnd, type TurnFeedback, type TurnStatus } from "./contract";
import { el, titleCase, uid } from "./dom";
import { clock, t } from "./locales";
import { MarkdownView } from "./markdown";

const copyIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 3h11a2 2 0 0 1 2 2v11h-2V5H8zM4 7h11a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2zm0 2v11h11V9z"/></svg>';
const thumbIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M2 10h4v11H2zm6 11h9.2a2 2 0 0 0 2-1.6l1.7-8A2 2 0 0 0 19 9h-5.4l.8-3.9a1.8 1.8 0 0 0-3.2-1.5L8 8.6z"/></svg>';

export interface FeedbackHandler {
  (turnId: string, feedback: { rating: "up" | "down"; comment?: string }): Promise<void>;
}

/** What a message needs from the log around it. */
export interface MessageHooks {
  /** The DOM changed (the log scrolls along). */
  rendered(): void;
  feedback: FeedbackHandler;
  /** "Ask again" on a reply that failed: the question goes back into the input. */
  askAgain(view: MessageView): void;
  /** The coach's name, said before each reply for screen readers. */
  coachName(): string;
}

/** One message in the log. Assistant text is rendered as Markdown at most once per animation frame while it streams. */
export class MessageView {
  readonly element: HTMLElement;
  private readonly textElement: HTMLElement;
  private readonly markdown: MarkdownView | null;
  private thinking: HTMLElement | null = null;
  private text = "";
  private frame = 0;
  turnId: string | null = null;
  status: TurnStatus;

  constructor(
    readonly role: MessageRole,
    status: TurnStatus,
    private readonly hooks: MessageHooks,
    at: Date = new Date(),
    authorName?: string | null,
  ) {
    this.status = status;
    this.element = el("div", { class: `cb-message cb-${role}`, "data-cb": "message", "data-role": role, "data-status": status });
    // Who speaks, for screen readers (the bubbles' sides say it to the eye), and when. A human coach is named on screen
    // too, so the person never takes their words for CoachBot's.
    const speaker =
      role === "coach"
        ? el("span", { class: "cb-coach-label", "data-cb": "speaker" }, `${t.coach} ${authorName ?? ""}`.trim())
        : el("span", { class: "cb-sr", "data-cb": "speaker" }, (role === "user" ? t.you : hooks.coachName() || t.coach) + ":");
    this.textElement = el("div", { class: "cb-text", "data-cb": "message-text", dir: "auto" });
    const time = el("time", { class: "cb-time", "data-cb": "time", datetime: at.toISOString() }, clock(at));
    this.element.append(speaker, this.textElement, time);
    this.markdown = role === "assistant" ? new MarkdownView(this.textElement) : null;
    if (role === "assistant" && status === "streaming") {
      this.element.setAttribute("aria-busy", "true");
      this.thinking = el("div", { class: "cb-thinking", "data-cb": "thinking", role: "status" });
      this.thinking.append(el("span", { class: "cb-dot" }), el("span", { class: "cb-dot" }), el("span", { class: "cb-dot" }), el("span", { class: "cb-sr" }, t.thinking));
      this.textElement.after(this.thinking);
    }
  }

  setTurnId(turnId: string): void {
    this.turnId = turnId;
    this.element.dataset.turnId = turnId;
  }

  get length(): number {
    return this.text.length;
  }

  get currentText(): string {
    return this.text;
  }

  /** Replaces the text; the DOM follows on the next animation frame (or at once with flush). */
  setText(text: string, flush = false): void {
    this.text = text;
    if (flush) {
      this.render();
    } else if (!this.frame) {
      this.frame = requestAnimationFrame(() => this.render());
    }
  }

  private render(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.markdown) this.markdown.update(this.text);
    else this.textElement.textContent = this.text;
    if (this.text && this.thinking) {
      this.thinking.remove();
      this.thinking = null;
    }
    this.hooks.rendered();
  }

  /**
   * The reply ended: final text, citations, a note for cancelled or failed replies (with Ask again), copy and the
   * feedback controls. A failed reply keeps the text the visitor already read and is marked interrupted.
   */
  finish(end: Pick<TurnEnd, "status" | "citations" | "errorMessage">, feedback: TurnFeedback | null = null): void {
    this.render();
    this.thinking?.remove();
    this.thinking = null;
    this.status = end.status;
    this.element.dataset.status = end.status;
    this.element.removeAttribute("aria-busy");
    const time = this.element.querySelector("[data-cb=time]")!;
    if (end.citations.length) time.before(this.citations(end.citations));
    if (end.status === "cancelled") time.before(el("p", { class: "cb-note" }, t.stopped));
    if (end.status === "failed") {
      const interrupted = this.text.length > 0;
      if (interrupted) this.element.dataset.interrupted = "true";
      const note = el("div", { class: "cb-note cb-failed", "data-cb": "failed-note" });
      note.append(el("span", {}, interrupted ? t.interrupted : end.errorMessage || t.failed));
      const again = el("button", { type: "button", class: "cb-small-button", "data-cb": "ask-again" }, t.askAgain);
      again.addEventListener("click", () => this.hooks.askAgain(this));
      note.append(again);
      time.before(note);
    }
    if (this.role === "assistant") {
      const actions = el("div", { class: "cb-actions" });
      if (this.text) actions.append(this.copyButton());
      // An empty failed reply has nothing to rate.
      if (this.turnId && (this.text || end.status !== "failed")) actions.append(this.feedback(feedback));
      if (actions.childElementCount) time.before(actions);
    }
    this.hooks.rendered();
  }

  private copyButton(): HTMLButtonElement {
    const copy = el("button", { type: "button", class: "cb-thumb", "data-cb": "copy", "aria-label": t.copy, title: t.copy });
    copy.innerHTML = copyIcon;
    copy.addEventListener("click", () => {
      void navigator.clipboard?.writeText(this.text).then(() => {
        copy.setAttribute("aria-label", t.copied);
        copy.title = t.copied;
        copy.dataset.copied = "true";
      });
    });
    return copy;
  }

  private citations(citations: Citation[]): HTMLElement {
    const list = el("div", { class: "cb-citations", role: "list", "aria-label": t.sources });
    const chips: HTMLButtonElement[] = [];
    citations.forEach((citation, index) => {
      const detailId = uid("citation");
      const item = el("div", { class: "cb-citation", role: "listitem" });
      const chip = el("button", { type: "button", class: "cb-chip", "data-cb": "citation", "aria-expanded": "false", "aria-controls": detailId });
      chip.append(el("span", { class: "cb-chip-n" }, String(index + 1)), document.createTextNode(citation.roleId ? `${titleCase(citation.roleId)} · ${citation.sectionTitle}` : citation.sectionTitle));
      const detail = el("div", { class: "cb-citation-detail", id: detailId, "data-cb": "citation-detail", hidden: true });
      // An approved answer's version is its id, which means nothing to the person; a role page's version dates it.
      const rows = ([
        [t.role, titleCase(citation.roleId)],
        [t.region, citation.region],
        [t.section, citation.sectionTitle],
        [t.contentVersion, citation.sectionId === approvedAnswerSectionId ? "" : citation.contentVersion],
      ] as [string, string][]).filter(([, value]) => value !== "");
      const dl = el("dl");
      for (const [term, value] of rows) dl.append(el("dt", {}, term), el("dd", {}, value));
      // The cited passage first, then where it comes from.
      if (citation.passage) detail.append(el("blockquote", { class: "cb-citation-passage", "data-cb": "citation-passage", dir: "auto" }, citation.passage));
      detail.append(dl);
      chip.addEventListener("click", () => {
        const open = chip.getAttribute("aria-expanded") !== "true";
        chip.setAttribute("aria-expanded", String(open));
        detail.hidden = !open;
        this.hooks.rendered();
      });
      chips.push(chip);
      item.append(chip, detail);
      list.append(item);
    });
    // A [n] marker in the text opens its source.
    this.textElement.addEventListener("click", (event) => {
      const marker = (event.target as HTMLElement).closest<HTMLElement>("[data-citation]");
      const chip = marker ? chips[Number(marker.dataset.citation) - 1] : undefined;
      if (chip) {
        if (chip.getAttribute("aria-expanded") !== "true") chip.click();
        chip.focus();
      }
    });
    return list;
  }

  private feedback(initial: TurnFeedback | null): HTMLElement {
    const box = el("div", { class: "cb-feedback" });
    const row = el("div", { class: "cb-feedback-row", role: "group", "aria-label": t.helpfulQuestion });
    const up = el("button", { type: "button", class: "cb-thumb", "data-cb": "feedback-up", "aria-pressed": "false", "aria-label": t.helpful, title: t.helpful });
    const down = el("button", { type: "button", class: "cb-thumb cb-thumb-down", "data-cb": "feedback-down", "aria-pressed": "false", "aria-label": t.notHelpful, title: t.notHelpful });
    up.innerHTML = down.innerHTML = thumbIcon;
    row.append(up, down);
    const form = el("div", { class: "cb-feedback-form", hidden: true });
    const commentId = uid("feedback");
    const comment = el("textarea", { id: commentId, class: "cb-feedback-comment", "data-cb": "feedback-comment", rows: "2", maxlength: "1000", placeholder: t.feedbackPlaceholder });
    const submit = el("button", { type: "button", class: "cb-small-button", "data-cb": "feedback-submit" }, t.sendFeedback);
    form.append(el("label", { class: "cb-sr", for: commentId }, t.feedbackComment), comment, submit);
    const thanks = el("p", { class: "cb-thanks", "data-cb": "feedback-thanks", role: "status", hidden: true }, t.thanks);
    box.append(row, form, thanks);

    let rating: "up" | "down" | null = initial?.rating ?? null;
    const show = () => {
      up.setAttribute("aria-pressed", String(rating === "up"));
      down.setAttribute("aria-pressed", String(rating === "down"));
    };
    if (initial?.comment) comment.value = initial.comment;
    show();
    const send = async (feedback: { rating: "up" | "down"; comment?: string }) => {
      for (const button of [up, down, submit]) button.disabled = true;
      try {
        await this.hooks.feedback(this.turnId!, feedback);
        return true;
      } catch {
        return false;
      } finally {
        for (const button of [up, down, submit]) button.disabled = false;
      }
    };
    const choose = async (choice: "up" | "down") => {
      const previous = rating;
      rating = choice;
      show();
      thanks.hidden = true;
      if (!(await send({ rating: choice }))) {
        rating = previous;
        show();
        return;
      }
      form.hidden = false;
      this.hooks.rendered();
      comment.focus();
    };
    up.addEventListener("click", () => void choose("up"));
    down.addEventListener("click", () => void choose("down"));
    submit.addEventListener("click", async () => {
      if (!rating) return;
      const text = comment.value.trim();
      if (await send(text ? { rating, comment: text } : { rating })) {
        form.hidden = true;
        thanks.hidden = false;
        // The comment box is gone: keep keyboard focus on the rating given rather than losing it to the page.
        (rating === "up" ? up : down).focus();
        this.hooks.rendered();
      }
    });
    comment.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        submit.click();
      }
    });
    return box;
  }
}
