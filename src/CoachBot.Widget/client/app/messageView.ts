import type { Citation, TurnEnd, TurnFeedback, TurnStatus } from "./contract";
import { el, titleCase, uid } from "./dom";
import { MarkdownView } from "./markdown";

const thumbIcon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M2 10h4v11H2zm6 11h9.2a2 2 0 0 0 2-1.6l1.7-8A2 2 0 0 0 19 9h-5.4l.8-3.9a1.8 1.8 0 0 0-3.2-1.5L8 8.6z"/></svg>';

export interface FeedbackHandler {
  (turnId: string, feedback: { rating: "up" | "down"; comment?: string }): Promise<void>;
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
    readonly role: "user" | "assistant",
    status: TurnStatus,
    private readonly onRendered: () => void,
    private readonly onFeedback: FeedbackHandler,
  ) {
    this.status = status;
    this.element = el("div", { class: `cb-message cb-${role}`, "data-cb": "message", "data-role": role, "data-status": status });
    this.textElement = el("div", { class: "cb-text", "data-cb": "message-text" });
    this.element.append(this.textElement);
    this.markdown = role === "assistant" ? new MarkdownView(this.textElement) : null;
    if (role === "assistant" && status === "streaming") {
      this.element.setAttribute("aria-busy", "true");
      this.thinking = el("div", { class: "cb-thinking", "data-cb": "thinking", role: "status" });
      this.thinking.append(el("span", { class: "cb-dot" }), el("span", { class: "cb-dot" }), el("span", { class: "cb-dot" }), el("span", { class: "cb-sr" }, "Thinking…"));
      this.element.append(this.thinking);
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
    this.onRendered();
  }

  /** The reply ended: final text, citations, a note for cancelled or failed replies, and the feedback controls. */
  finish(end: Pick<TurnEnd, "status" | "citations" | "errorMessage">, feedback: TurnFeedback | null = null): void {
    this.render();
    this.thinking?.remove();
    this.thinking = null;
    this.status = end.status;
    this.element.dataset.status = end.status;
    this.element.removeAttribute("aria-busy");
    if (end.citations.length) this.element.append(this.citations(end.citations));
    if (end.status === "cancelled") this.element.append(el("p", { class: "cb-note" }, "Stopped."));
    if (end.status === "failed") this.element.append(el("p", { class: "cb-note cb-failed" }, end.errorMessage || "This reply could not be finished. Please ask again."));
    if (this.role === "assistant" && this.turnId) this.element.append(this.feedback(feedback));
    this.onRendered();
  }

  private citations(citations: Citation[]): HTMLElement {
    const list = el("div", { class: "cb-citations", role: "list", "aria-label": "Sources" });
    const chips: HTMLButtonElement[] = [];
    citations.forEach((citation, index) => {
      const detailId = uid("citation");
      const item = el("div", { class: "cb-citation", role: "listitem" });
      const chip = el("button", { type: "button", class: "cb-chip", "data-cb": "citation", "aria-expanded": "false", "aria-controls": detailId });
      chip.append(el("span", { class: "cb-chip-n" }, String(index + 1)), document.createTextNode(`${titleCase(citation.roleId)} · ${citation.sectionTitle}`));
      const detail = el("div", { class: "cb-citation-detail", id: detailId, "data-cb": "citation-detail", hidden: true });
      const rows: [string, string][] = [
        ["Role", titleCase(citation.roleId)],
        ["Region", citation.region],
        ["Section", citation.sectionTitle],
        ["Content version", citation.contentVersion],
      ];
      const dl = el("dl");
      for (const [term, value] of rows) dl.append(el("dt", {}, term), el("dd", {}, value));
      detail.append(dl);
      chip.addEventListener("click", () => {
        const open = chip.getAttribute("aria-expanded") !== "true";
        chip.setAttribute("aria-expanded", String(open));
        detail.hidden = !open;
        this.onRendered();
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
    const row = el("div", { class: "cb-feedback-row", role: "group", "aria-label": "Was this reply helpful?" });
    const up = el("button", { type: "button", class: "cb-thumb", "data-cb": "feedback-up", "aria-pressed": "false", "aria-label": "Helpful", title: "Helpful" });
    const down = el("button", { type: "button", class: "cb-thumb cb-thumb-down", "data-cb": "feedback-down", "aria-pressed": "false", "aria-label": "Not helpful", title: "Not helpful" });
    up.innerHTML = down.innerHTML = thumbIcon;
    row.append(up, down);
    const form = el("div", { class: "cb-feedback-form", hidden: true });
    const commentId = uid("feedback");
    const comment = el("textarea", { id: commentId, class: "cb-feedback-comment", "data-cb": "feedback-comment", rows: "2", maxlength: "1000", placeholder: "Tell us more (optional)" });
    const submit = el("button", { type: "button", class: "cb-small-button", "data-cb": "feedback-submit" }, "Send feedback");
    form.append(el("label", { class: "cb-sr", for: commentId }, "Feedback comment"), comment, submit);
    const thanks = el("p", { class: "cb-thanks", "data-cb": "feedback-thanks", role: "status", hidden: true }, "Thanks for your feedback!");
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
        await this.onFeedback(this.turnId!, feedback);
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
      this.onRendered();
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
        this.onRendered();
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
