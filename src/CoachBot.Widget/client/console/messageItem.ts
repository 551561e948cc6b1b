import { el } from "../app/dom";
import { MarkdownView } from "../app/markdown";
import type { Message } from "./contract";
import { formatTime } from "./view";

const roleNames: Record<Message["role"], string> = { user: "User", assistant: "CoachBot", coach: "Coach" };

/** A message as a list item: who and when, the text, and for replies the facts, citations, snapshot and feedback. */
export function messageItem(message: Message): HTMLLIElement {
  const item = el("li", { class: `message ${message.role}`, "data-console": "message", "data-role": message.role, "data-turn": message.turnId });
  const head = el("div", { class: "message-head" });
  head.append(el("strong", {}, roleNames[message.role] ?? message.role), el("span", {}, formatTime(message.at)));
  if (message.status && message.status !== "completed") head.append(el("span", { class: message.status === "failed" ? "error" : "" }, `Status: ${message.status}`));
  item.append(head);
  const text = el("div", { class: "text", "data-console": "message-text" });
  renderText(text, message);
  item.append(text);
  if (message.role === "assistant") item.append(replyDetails(message));
  return item;
}

/** Replies are Markdown (rendered without HTML); what users and coaches typed is shown as typed. */
export function renderText(container: HTMLElement, message: Pick<Message, "role" | "text">): void {
  if (message.role === "assistant") {
    container.replaceChildren();
    new MarkdownView(container).update(message.text);
  } else {
    container.className = "text text-plain";
    container.textContent = message.text;
  }
}

function replyDetails(message: Message): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const facts = el("dl", { class: "facts", "data-console": "reply-facts" });
  const add = (term: string, value: string | number | null | undefined) => {
    if (value === null || value === undefined || value === "") return;
    facts.append(el("dt", {}, term), el("dd", { "data-fact": term.toLowerCase() }, String(value)));
  };
  add("Status", message.status);
  add("Error", message.errorCode);
  add("Intent", message.intent);
  add("Model", message.model);
  add("Latency", message.latencyMs === null || message.latencyMs === undefined ? null : `${message.latencyMs} ms`);
  add("Tokens", message.tokens ? `${message.tokens.prompt ?? "?"} prompt, ${message.tokens.completion ?? "?"} completion` : null);
  if (message.feedback) add("User feedback", `${feedbackText(message.feedback.rating)}${message.feedback.comment ? `: “${message.feedback.comment}”` : ""}`);
  if (message.review) add("Review", `${message.review.rubric}${message.review.approvedAnswerId ? " (approved answer created)" : ""}`);
  fragment.append(facts);

  if (message.citations && message.citations.length > 0) {
    const citations = el("details", { "data-console": "citations", open: true });
    citations.append(el("summary", {}, `Citations (${message.citations.length})`));
    const list = el("ol");
    for (const citation of message.citations) {
      const entry = el("li", { "data-console": "citation" });
      entry.append(el("strong", {}, citation.title), el("span", { class: "muted" }, ` · ${citation.section}`));
      if (citation.roleId) entry.append(el("span", { class: "muted" }, ` · ${citation.roleId}, ${citation.region}, version ${citation.contentVersion}`));
      entry.append(el("blockquote", { "data-console": "citation-passage" }, citation.passage ?? "(the passage is no longer in the content)"));
      list.append(entry);
    }
    citations.append(list);
    fragment.append(citations);
  }
  for (const [title, value, name] of [["Profile snapshot", message.profileSnapshot, "profile-snapshot"], ["Assessment", message.assessment, "assessment"]] as const) {
    if (value === null || value === undefined) continue;
    const details = el("details", { "data-console": name });
    details.append(el("summary", {}, title), el("pre", {}, JSON.stringify(value, null, 2)));
    fragment.append(details);
  }
  return fragment;
}

function feedbackText(rating: "up" | "down"): string {
  return rating === "up" ? "Helpful" : "Not helpful";
}
