import { HubConnectionBuilder, LogLevel, type ISubscription } from "@microsoft/signalr";
import { el } from "../app/dom";
import { MarkdownView } from "../app/markdown";
import { asRefusal } from "../app/chatConnection";
import type { Message } from "./contract";
import { segments } from "./api";
import { messageItem } from "./messageItem";
import { storedToken } from "./staffSession";
import { field, showError, showOk, startView, statusLine, type ConsoleView, type ViewContext } from "./view";

/** A message as the live feed carries it (the user grain's transcript message). */
interface LiveMessage {
  turnId: string;
  role: Message["role"];
  text: string;
  status: string;
  createdAt: string;
  errorCode?: string | null;
}

/** What the console hub streams to a watching coach: one of snapshot, message or chunk is set, as the kind says. */
interface LiveEvent {
  kind: "snapshot" | "userMessage" | "replyChunk" | "replyEnded" | "coachMessage";
  snapshot?: { conversationId: string; messages: LiveMessage[]; runningTurnId?: string | null; runningOffset: number } | null;
  message?: LiveMessage | null;
  chunk?: { turnId: string; offset: number; delta: string; end?: { status: string; errorCode?: string | null } | null } | null;
}

function asMessage(message: LiveMessage): Message {
  return { turnId: message.turnId, role: message.role, text: message.text, at: message.createdAt, status: message.status, errorCode: message.errorCode ?? null };
}

/** A reply being written: its text grows by chunks at known offsets, so a repeated or overlapping chunk adds nothing twice. */
class StreamingReply {
  text = "";
  readonly item: HTMLLIElement;
  private readonly view: MarkdownView;
  private readonly state: HTMLElement;

  constructor(readonly turnId: string) {
    this.item = el("li", { class: "message assistant", "data-console": "message", "data-role": "assistant", "data-turn": turnId, "aria-busy": "true" });
    const head = el("div", { class: "message-head" });
    this.state = el("span", { class: "streaming", "data-console": "stream-state" }, "Writing…");
    head.append(el("strong", {}, "CoachBot"), this.state);
    const body = el("div", { class: "text", "data-console": "message-text" });
    this.view = new MarkdownView(body);
    this.item.append(head, body);
  }

  add(offset: number, chunk: string): void {
    if (offset > this.text.length) return;
    const fresh = chunk.slice(this.text.length - offset);
    if (!fresh) return;
    this.text += fresh;
    this.view.update(this.text);
  }

  end(status: string, errorCode?: string | null): void {
    this.item.removeAttribute("aria-busy");
    this.state.textContent = status === "completed" ? "Completed" : `${status === "cancelled" ? "Cancelled" : "Failed"}${errorCode ? ` (${errorCode})` : ""}`;
    this.state.className = status === "completed" ? "muted" : "error";
    this.item.dataset.status = status;
  }
}

/** Watches a user's conversation as it happens through the console hub, and lets the coach write into it. */
export function showLive(context: ViewContext, userId: string, conversationId: string | null): ConsoleView {
  const body = startView(context, `Live: ${userId}`);
  const connectionStatus = statusLine("live-status");
  connectionStatus.textContent = "Connecting…";
  const links = el("div", { class: "actions" });
  links.append(el("a", { href: "#/conversations", class: "button secondary" }, "Back to conversations"));
  if (conversationId) links.append(el("a", { href: `#/conversation/${segments(userId, conversationId)}`, class: "button secondary" }, "Open transcript"));
  const list = el("ol", { class: "messages", "data-console": "live-messages", "aria-live": "off" });
  const streams = new Map<string, StreamingReply>();

  const form = el("form", { class: "card", "data-console": "coach-reply" });
  const text = el("textarea", { id: "coach-reply-text", name: "text", rows: "3", "data-console": "coach-reply-text" });
  const send = el("button", { type: "submit", "data-console": "coach-reply-send" }, "Send as coach");
  const sendStatus = statusLine("coach-reply-status");
  const actions = el("div", { class: "actions" });
  actions.append(send);
  form.append(field("Reply to the user as a coach", text), actions, sendStatus);
  body.append(links, connectionStatus, list, form);

  const hub = new HubConnectionBuilder()
    .withUrl("/hubs/console", { accessTokenFactory: () => storedToken() ?? "", withCredentials: false })
    .withAutomaticReconnect()
    .configureLogging(LogLevel.None)
    .build();
  let subscription: ISubscription<LiveEvent> | null = null;
  let stopped = false;

  function stream(turnId: string): StreamingReply {
    let reply = streams.get(turnId);
    if (!reply) {
      reply = new StreamingReply(turnId);
      streams.set(turnId, reply);
      list.append(reply.item);
    }
    return reply;
  }

  function append(message: Message): void {
    if (list.querySelector(`[data-turn="${CSS.escape(message.turnId)}"][data-role="${CSS.escape(message.role)}"]`)) return;
    list.append(messageItem(message));
  }

  function onEvent(event: LiveEvent): void {
    if (event.kind === "snapshot" && event.snapshot) {
      list.replaceChildren();
      streams.clear();
      const running = event.snapshot.runningTurnId;
      for (const message of event.snapshot.messages) {
        // The running reply's text so far continues as a stream, from the snapshot's offset.
        if (running && message.turnId === running && message.role === "assistant") stream(running).add(0, message.text.slice(0, event.snapshot.runningOffset));
        else append(asMessage(message));
      }
      if (running && !streams.has(running)) stream(running);
    } else if ((event.kind === "userMessage" || event.kind === "coachMessage") && event.message) {
      append(asMessage(event.message));
    } else if (event.chunk) {
      const reply = stream(event.chunk.turnId);
      reply.add(event.chunk.offset, event.chunk.delta);
      if (event.chunk.end) reply.end(event.chunk.end.status, event.chunk.end.errorCode);
    }
  }

  async function watch(): Promise<void> {
    subscription?.dispose();
    subscription = hub.stream<LiveEvent>("WatchConversation", userId).subscribe({
      next: onEvent,
      error: (error) => {
        if (stopped) return;
        const refusal = asRefusal(error);
        connectionStatus.className = "status error";
        connectionStatus.textContent = refusal ? `${refusal.message} (${refusal.code})` : "The live view stopped. Reload to try again.";
      },
      complete: () => {
        if (!stopped) connectionStatus.textContent = "The conversation is no longer live.";
      },
    });
  }

  hub.onreconnecting(() => (connectionStatus.textContent = "Reconnecting…"));
  hub.onreconnected(() => {
    connectionStatus.textContent = "Watching live.";
    void watch();
  });
  void hub.start().then(
    async () => {
      if (stopped) return;
      connectionStatus.className = "status ok";
      connectionStatus.textContent = "Watching live.";
      await watch();
    },
    () => {
      connectionStatus.className = "status error";
      connectionStatus.textContent = "Could not connect to the live view. Check your sign-in and reload.";
    },
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) {
      sendStatus.className = "status error";
      sendStatus.textContent = "Write a message first.";
      text.focus();
      return;
    }
    send.disabled = true;
    try {
      await hub.invoke("SendCoachMessage", userId, message);
      text.value = "";
      showOk(sendStatus, "Sent to the user.");
    } catch (error) {
      const refusal = asRefusal(error);
      if (refusal) {
        sendStatus.className = "status error";
        sendStatus.textContent = `${refusal.message} (${refusal.code})`;
      } else showError(sendStatus, error);
    } finally {
      send.disabled = false;
    }
  });

  return {
    dispose() {
      stopped = true;
      subscription?.dispose();
      void hub.stop();
    },
  };
}
