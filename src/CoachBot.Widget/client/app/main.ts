// The chat app: loaded by widget.js when the visitor first opens the widget.
import type { Identity, Theme, WidgetApp, WidgetContext, WidgetOptions } from "../shared/options";
import { ChatConnection, asRefusal, type ConnectionState } from "./chatConnection";
import type { CareerProfile, ConversationHistory, IssuedSession, ProfileUpdate, ReplyChunk, TurnEnd, TurnFeedback } from "./contract";
import { el } from "./dom";
import { MessageView } from "./messageView";
import { buildPanel, welcome } from "./panel";
import { panelCss } from "./panelStyles";
import { ProfileView } from "./profileView";
import { CoachBotError, SessionManager, fetchConfig } from "./session";

const bannerText: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "",
  reconnecting: "Connection lost. Reconnecting…",
  disconnected: "You are offline. Your conversation is saved.",
};

/** The reply being written: which turn, how much of it this page has, and which stream subscription is current. */
interface ActiveTurn {
  view: MessageView;
  userView: MessageView | null;
  turnId: string | null;
  generation: number;
  cancelRequested: boolean;
}

class ChatApp implements WidgetApp {
  private readonly panel: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly banner: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly profileButton: HTMLButtonElement;
  private readonly profile: ProfileView;
  private readonly titleElement: HTMLElement;
  private readonly greetingElement: HTMLElement;
  private readonly avatarSlot: HTMLElement;
  private sessions: SessionManager;
  private session: IssuedSession | null = null;
  private connection: ChatConnection | null = null;
  private active: ActiveTurn | null = null;
  private generation = 0;
  private started: Promise<void> | null = null;
  private stick = true;
  private loadingHistory: Promise<void> | null = null;
  private theme: Theme;

  constructor(private readonly context: WidgetContext) {
    const root = context.root;
    const style = document.createElement("style");
    style.textContent = panelCss;
    root.append(style);
    this.sessions = this.newSessions();
    this.theme = context.applyTheme(context.cachedConfig);

    const parts = buildPanel({
      send: () => this.send(),
      stop: () => void this.stop(),
      retry: () => void this.retry(),
      newConversation: () => void this.newConversation(),
      toggleProfile: () => void this.toggleProfile(),
      close: () => this.closeFromInside(),
      inputChanged: () => this.autosize(),
    });
    this.panel = parts.panel;
    this.avatarSlot = parts.avatarSlot;
    this.titleElement = parts.title;
    this.greetingElement = parts.greeting;
    this.profileButton = parts.profileButton;
    this.banner = parts.banner;
    this.errorBox = parts.error;
    this.messages = parts.messages;
    this.input = parts.input;
    this.sendButton = parts.send;
    this.stopButton = parts.stop;
    this.messages.addEventListener("scroll", () => {
      this.stick = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 32;
    });
    this.profile = new ProfileView((update) => this.saveProfile(update), () => void this.toggleProfile(false));
    parts.body.append(this.profile.element);
    context.surface.append(this.panel);
    context.launcher.setAttribute("aria-controls", "cb-panel");
    this.showTheme(this.theme);
  }

  private newSessions(): SessionManager {
    return new SessionManager(this.context.serverUrl, this.context.storagePrefix + "session", this.context.options.tenantKey);
  }

  open(): void {
    this.panel.hidden = false;
    this.input.focus();
    this.scrollToEnd(true);
    this.started ??= this.start();
  }

  close(): void {
    this.panel.hidden = true;
  }

  private closeFromInside(): void {
    if (this.context.options.mode === "frame") return;
    this.close();
    this.context.closed();
  }

  identify(identity: Identity): void {
    this.context.identity = identity;
    if (this.started) void this.restart();
  }

  setOptions(options: WidgetOptions): void {
    this.context.options = { ...this.context.options, ...options };
    this.showTheme(this.context.applyTheme(this.context.cachedConfig));
  }

  private async restart(): Promise<void> {
    await this.started?.catch(() => undefined);
    this.generation++;
    this.active = null;
    await this.connection?.stop();
    this.connection = null;
    this.messages.replaceChildren();
    this.started = this.start();
  }

  private showTheme(theme: Theme): void {
    this.theme = theme;
    this.titleElement.textContent = theme.title;
    this.greetingElement.textContent = theme.greeting;
    this.greetingElement.hidden = !theme.greeting;
    let avatar: HTMLElement;
    if (theme.avatarUrl) {
      // A path is on CoachBot's host, not the page's.
      const src = theme.avatarUrl.startsWith("/") ? this.context.serverUrl + theme.avatarUrl : theme.avatarUrl;
      const image = el("img", { class: "cb-avatar", "data-cb": "avatar", alt: "", src });
      avatar = image;
    } else {
      avatar = el("div", { class: "cb-avatar", "data-cb": "avatar", "aria-hidden": "true" }, theme.coachName.charAt(0).toUpperCase());
    }
    this.avatarSlot.replaceChildren(avatar);
  }

  /** Config, session, hub, history: everything that needs the network happens here, on first open. */
  private async start(fresh = false): Promise<void> {
    this.setError(null);
    void fetchConfig(this.context.serverUrl, this.context.options.tenantKey).then((config) => {
      if (!config) return;
      this.context.cachedConfig = config;
      try {
        localStorage.setItem(this.context.storagePrefix + "config", JSON.stringify(config));
      } catch {
        // Storage may be blocked: the launcher then uses the defaults until the next open.
      }
      this.showTheme(this.context.applyTheme(config));
    });
    this.setBusy(true);
    try {
      this.session = await this.sessions.obtain(this.context.identity);
    } catch (error) {
      const refusal = error instanceof CoachBotError ? error : new CoachBotError("unavailable", "CoachBot is not reachable right now.");
      this.setError(refusal.message);
      this.setState("disconnected", refusal.code === "unavailable");
      this.context.emit("error", { code: refusal.code, message: refusal.message });
      this.started = null;
      return;
    }
    const connection = new ChatConnection(this.context.serverUrl, () => this.session?.token ?? "", (state) => this.setState(state), () => void this.resync());
    connection.on("TurnStarted", () => {
      if (!this.active) void this.loadHistory();
    });
    connection.on("ProfileUpdated", (profile: CareerProfile) => this.profile.show(profile));
    this.connection = connection;
    try {
      await connection.start();
    } catch (error) {
      if (/\b401\b/.test(String(error)) && !this.context.identity && !fresh) {
        // The stored session was refused (expired early, or its user was erased): start over with a new one.
        this.sessions.clear();
        this.connection = null;
        return this.start(true);
      }
      this.setError("CoachBot is not reachable right now.");
      return;
    }
    this.setError(null);
    this.context.emit("ready", { userId: this.session.userId, verified: this.session.verified, tenantId: this.session.tenantId });
    await this.loadHistory();
  }

  private async retry(): Promise<void> {
    if (!this.connection) {
      this.started = this.start();
      return;
    }
    try {
      await this.connection.start();
      this.setError(null);
      await this.resync();
    } catch {
      this.setError("Still offline. Check your connection and try again.");
    }
  }

  private setState(state: ConnectionState, retryable = true): void {
    this.banner.dataset.state = state;
    this.banner.hidden = state === "connected";
    this.banner.querySelector("span")!.textContent = bannerText[state];
    (this.banner.querySelector("[data-cb=retry]") as HTMLElement).hidden = state !== "disconnected" || !retryable;
    if (state !== "connected" && state !== "connecting" && !retryable) this.banner.hidden = true;
    this.setBusy(!!this.active || state !== "connected");
  }

  private setError(message: string | null): void {
    this.errorBox.textContent = message ?? "";
    this.errorBox.hidden = !message;
  }

  private setBusy(busy: boolean): void {
    const generating = !!this.active;
    this.sendButton.hidden = generating;
    this.stopButton.hidden = !generating;
    this.sendButton.disabled = busy && !generating;
  }

  private autosize(): void {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 140) + "px";
  }

  private scrollToEnd(force = false): void {
    if (force || this.stick) this.messages.scrollTop = this.messages.scrollHeight;
  }

  private addMessage(view: MessageView): MessageView {
    this.messages.append(view.element);
    this.scrollToEnd();
    return view;
  }

  private view(role: "user" | "assistant", status: MessageView["status"]): MessageView {
    return new MessageView(role, status, () => this.scrollToEnd(), (turnId, feedback) => this.submitFeedback(turnId, feedback));
  }

  private loadHistory(): Promise<void> {
    const load = this.fetchHistory().finally(() => {
      if (this.loadingHistory === load) this.loadingHistory = null;
    });
    this.loadingHistory = load;
    return load;
  }

  private async fetchHistory(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    let history: ConversationHistory;
    // A message sent while the conversation is being (re)loaded waits for it, so it is never replaced by the old list.
    this.messages.setAttribute("aria-busy", "true");
    try {
      history = await connection.invoke<ConversationHistory>("GetHistory", 50, null);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Your conversation could not be loaded. Try again in a moment.");
      return;
    } finally {
      this.messages.setAttribute("aria-busy", "false");
    }
    this.generation++;
    this.active = null;
    this.messages.replaceChildren();
    let streaming: MessageView | null = null;
    let lastUser: MessageView | null = null;
    for (const message of history.messages) {
      const view = this.view(message.role, message.status);
      view.setTurnId(message.turnId);
      view.setText(message.text, true);
      this.addMessage(view);
      if (message.role === "user") lastUser = view;
      else if (message.status === "streaming") streaming = view;
      else view.finish({ status: message.status, citations: message.citations ?? [], errorMessage: message.errorCode ? "This reply could not be finished. Please ask again." : null }, message.feedback ?? null);
    }
    if (!history.messages.length) this.showWelcome();
    this.scrollToEnd(true);
    this.setBusy(false);
    if (streaming?.turnId) {
      // A reply still being written (this page was reloaded, or another tab asked): read it from the start.
      streaming.setText("", true);
      this.active = { view: streaming, userView: lastUser, turnId: streaming.turnId, generation: 0, cancelRequested: false };
      this.attach();
    }
  }

  private showWelcome(): void {
    this.messages.append(
      welcome(this.theme.greeting, (question) => {
        this.input.value = question;
        this.send();
      }),
    );
  }

  private send(): void {
    const text = this.input.value.trim();
    const connection = this.connection;
    if (this.loadingHistory) {
      void this.loadingHistory.then(() => this.send());
      return;
    }
    if (!text || this.active || !connection?.connected) return;
    this.setError(null);
    this.messages.querySelector(".cb-welcome")?.remove();
    this.input.value = "";
    this.autosize();
    this.stick = true;
    const userView = this.addMessage(this.view("user", "completed"));
    userView.setText(text, true);
    const view = this.addMessage(this.view("assistant", "streaming"));
    this.active = { view, userView, turnId: null, generation: 0, cancelRequested: false };
    this.setBusy(true);
    this.subscribe("SendMessage", [text], text);
  }

  /** Re-reads the current reply from the number of characters this page already has. */
  private attach(): void {
    const active = this.active;
    if (!active?.turnId) return;
    this.subscribe("AttachToTurn", [active.turnId, active.view.length]);
    this.setBusy(true);
  }

  private subscribe(method: string, args: unknown[], sentText?: string): void {
    const active = this.active!;
    const generation = ++this.generation;
    active.generation = generation;
    this.connection!.stream(method, args, {
      next: (chunk) => {
        if (this.active === active && active.generation === generation) this.onChunk(active, chunk);
      },
      error: (error) => {
        if (this.active === active && active.generation === generation) this.onStreamError(active, error, sentText);
      },
      complete: () => {
        // A stream that completes without the end chunk was cut short: read the rest.
        if (this.active === active && active.generation === generation && this.connection?.connected) this.attach();
      },
    });
  }

  private onChunk(active: ActiveTurn, chunk: ReplyChunk): void {
    if (!active.turnId) {
      active.turnId = chunk.turnId;
      active.view.setTurnId(chunk.turnId);
      active.userView?.setTurnId(chunk.turnId);
      if (active.cancelRequested) void this.stop();
    }
    const have = active.view.length;
    if (chunk.offset > have) {
      // Something in between was missed: ask again from what this page has.
      this.attach();
      return;
    }
    const end = chunk.offset + chunk.delta.length;
    if (end > have) active.view.setText(active.view.currentText + chunk.delta.slice(have - chunk.offset));
    if (chunk.end) this.finish(active, chunk.end);
  }

  private finish(active: ActiveTurn, end: TurnEnd): void {
    this.active = null;
    active.view.finish(end);
    this.setBusy(false);
    this.context.emit("reply", { turnId: active.turnId, status: end.status, text: active.view.currentText });
    if (!this.panel.hidden && this.panel.contains(this.stopButton) && this.context.root.activeElement === this.stopButton) this.input.focus();
  }

  private onStreamError(active: ActiveTurn, error: unknown, sentText?: string): void {
    const refusal = asRefusal(error);
    if (!refusal) {
      // The connection broke; the automatic reconnect (or Retry) re-attaches from what this page has.
      if (this.connection?.connected) this.attach();
      return;
    }
    if (!active.turnId && sentText !== undefined) {
      // The message was refused before it started: take it back into the input.
      active.view.element.remove();
      active.userView?.element.remove();
      this.active = null;
      if (!this.input.value) this.input.value = sentText;
      this.setError(refusal.message);
      this.setBusy(false);
      return;
    }
    // The turn is gone from the buffer (e.g. much later): the stored history has its outcome.
    void this.loadHistory();
  }

  private async resync(): Promise<void> {
    const connection = this.connection;
    if (!connection?.connected) return;
    const active = this.active;
    if (active?.turnId) {
      this.attach();
      return;
    }
    // The first chunk never arrived, or another tab asked something: the server says what is running.
    const running = await connection.invoke<string | null>("GetActiveTurn").catch(() => null);
    if (active && running) {
      active.turnId = running;
      active.view.setTurnId(running);
      active.userView?.setTurnId(running);
      this.attach();
    } else if (active || running) {
      await this.loadHistory();
    }
  }

  private async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    if (!active.turnId) {
      // No chunk yet (the model has not started writing): the server knows which turn is running.
      active.cancelRequested = true;
      const running = await this.connection?.invoke<string | null>("GetActiveTurn").catch(() => null);
      if (!running || this.active !== active || active.turnId) return;
      active.turnId = running;
      active.view.setTurnId(running);
      active.userView?.setTurnId(running);
    }
    this.stopButton.disabled = true;
    try {
      await this.connection?.invoke<boolean>("CancelTurn", active.turnId);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "The reply could not be stopped. Try again.");
    } finally {
      this.stopButton.disabled = false;
    }
  }

  /** Starts a new conversation (the profile stays); not while a reply is being written. */
  private async newConversation(): Promise<void> {
    if (this.active || !this.connection?.connected) return;
    try {
      await this.connection.invoke<string>("StartNewConversation");
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "A new conversation could not be started. Try again.");
      return;
    }
    this.setError(null);
    void this.toggleProfile(false);
    this.messages.replaceChildren();
    this.showWelcome();
  }

  private async submitFeedback(turnId: string, feedback: { rating: "up" | "down"; comment?: string }): Promise<void> {
    try {
      await this.connection!.invoke<TurnFeedback>("SubmitFeedback", turnId, feedback);
      this.setError(null);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Your feedback could not be sent. Try again.");
      throw error;
    }
  }

  private async toggleProfile(show = this.profile.element.hidden): Promise<void> {
    this.profile.element.hidden = !show;
    this.messages.hidden = show;
    this.profileButton.setAttribute("aria-expanded", String(show));
    if (!show) {
      this.input.focus();
      return;
    }
    this.profile.focusFirst();
    if (!this.connection?.connected) return;
    try {
      this.profile.show(await this.connection.invoke<CareerProfile>("GetProfile"));
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Your profile could not be loaded.");
    }
  }

  private async saveProfile(update: ProfileUpdate): Promise<CareerProfile> {
    try {
      const profile = await this.connection!.invoke<CareerProfile>("UpdateProfile", update);
      this.setError(null);
      return profile;
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Your profile could not be saved. Try again.");
      throw error;
    }
  }
}

/** Entry point called by widget.js. */
export function mount(context: WidgetContext): WidgetApp {
  return new ChatApp(context);
}
