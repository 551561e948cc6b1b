import { el } from "../app/dom";
import { segments } from "./api";
import type { Message, Transcript } from "./contract";
import { exportControls } from "./exportControls";
import { messageItem } from "./messageItem";
import { reviewForm } from "./reviewForm";
import { flagsSection, notesSection, tagsSection } from "./annotations";
import { formatTime, showError, startView, statusLine, type ConsoleView, type ViewContext } from "./view";

/** One conversation: its messages with everything the coach needs to judge a reply, the review forms, and the annotations. */
export function showTranscript(context: ViewContext, userId: string, conversationId: string): ConsoleView {
  const body = startView(context, "Conversation");
  const base = `/api/coach/conversations/${segments(userId, conversationId)}`;
  const status = statusLine("transcript-status");
  status.textContent = "Loading the conversation…";
  body.append(status);
  let disposed = false;

  void context.api.get<Transcript>(base).then(
    (transcript) => {
      if (disposed) return;
      status.textContent = "";
      render(transcript);
    },
    (error) => showError(status, error),
  );

  function render(transcript: Transcript): void {
    const facts = el("p", { class: "muted", "data-console": "transcript-facts" },
      `User ${transcript.userId} · conversation ${transcript.conversationId} · ${transcript.channel ?? "channel not recorded"} · ${transcript.messages.length} messages`);
    const links = el("div", { class: "actions" });
    links.append(
      el("a", { href: "#/conversations", class: "button secondary" }, "Back to conversations"),
      el("a", { href: `#/live/${segments(transcript.userId)}?conversation=${encodeURIComponent(transcript.conversationId)}`, class: "button secondary", "data-console": "watch-live" }, "Watch live"),
    );
    const layout = el("div", { class: "layout" });
    const thread = el("section", { "aria-labelledby": "messages-title" });
    thread.append(el("h2", { id: "messages-title" }, "Messages"));
    const list = el("ol", { class: "messages", "data-console": "messages" });
    transcript.messages.forEach((message, index) => {
      const item = messageItem(message);
      if (message.role === "assistant" && message.status !== "failed") {
        item.append(reviewForm(context.api, base, message, questionBefore(transcript.messages, index)));
      }
      list.append(item);
    });
    thread.append(list);
    const side = el("aside", { "aria-label": "Annotations and export" });
    side.append(
      tagsSection(context.api, base, transcript.tags),
      flagsSection(context.api, base, transcript.flags, transcript.messages),
      notesSection(context.api, base, transcript.notes),
      exportControls(context.api, "Export this conversation", `${base}/export`, () => ({}), `conversation-${transcript.conversationId}`),
    );
    layout.append(thread, side);
    body.append(facts, links, layout);
    const last = transcript.messages[transcript.messages.length - 1];
    if (last) facts.title = `Last message ${formatTime(last.at)}`;
  }

  return {
    dispose() {
      disposed = true;
    },
  };
}

/** The user message a reply answered: the review's default question for an approved answer. */
function questionBefore(messages: Message[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    if (messages[i]!.role === "user") return messages[i]!.text;
  }
  return "";
}
