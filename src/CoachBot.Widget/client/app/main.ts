// The chat app: loaded by widget.js when the visitor first opens the widget.
import type { Identity, Theme, WidgetApp, WidgetContext, WidgetOptions } from "../shared/options";
import { ChatConnection, asRefusal, type ConnectionState } from "./chatConnection";
import type { CareerProfile, ConversationHistory, IssuedSession, ProfileUpdate, TurnFeedback, TurnStarted } from "./contract";
import { el } from "./dom";
import { MessageList } from "./messageList";
import { buildPanel } from "./panel";
import { panelCss } from "./panelStyles";
import { ProfileView } from "./profileView";
import { CoachBotError, SessionManager, fetchConfig } from "./session";
import { TurnFollower } from "./turns";

const bannerText: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "",
  reconnecting: "Connection lost. Reconnecting…",
  disconnected: "You are offline. Your conversation is saved.",
};

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
  private readonly list: MessageList;
  private readonly turns: TurnFollower;
  private started: Promise<void> | null = null;
  private loadingHistory: Promise<void> | null = null;
  private loadingEarlier = false;
  /** Whether the tenant's configuration is known (kept from an earlier open, or read now), so its greeting may show. */
  private configKnown: boolean;
  private theme: Theme;

  constructor(private readonly context: WidgetContext) {
    const root = context.root;
    const style = document.createElement("style");
    style.textContent = panelCss;
    root.append(style);
    this.sessions = this.newSessions();
    this.theme = context.applyTheme(context.cachedConfig);
    this.configKnown = context.cachedConfig !== null;

    const parts = buildPanel({
      send: () => this.send(),
      stop: () => void this.turns.stop(),
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
    this.list = new MessageList(this.messages, (turnId, feedback) => this.submitFeedback(turnId, feedback), () => void this.loadEarlier());
    const self = this;
    this.turns = new TurnFollower({
      get connection() {
        return self.connection;
      },
      list: this.list,
      changed: () => this.setBusy(this.connection?.connected !== true),
      error: (message) => this.setError(message),
      ended: (turnId, status, text) => this.replyEnded(turnId, status, text),
      reload: () => this.loadHistory(),
      stopping: (pending) => (this.stopButton.disabled = pending),
      restore: (text) => {
        if (!this.input.value) this.input.value = text;
      },
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
    this.list.scrollToEnd(true);
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
    this.turns.reset();
    await this.connection?.stop();
    this.connection = null;
    this.list.clear();
    this.started = this.start();
  }

  private showTheme(theme: Theme): void {
    this.theme = theme;
    this.titleElement.textContent = theme.title;
    this.greetingElement.textContent = this.greeting;
    this.greetingElement.hidden = !this.greeting;
    this.list.setGreeting(this.greeting);
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

  /**
   * The tenant's greeting; "" when it has none. The widget's own greeting applies only when the configuration says
   * nothing about one (it could not be read, or has no greeting field); until it is known, none shows.
   */
  private get greeting(): string {
    return this.configKnown ? this.theme.greeting : "";
  }

  /** Config, session, hub, history: everything that needs the network happens here, on first open. */
  private async start(fresh = false): Promise<void> {
    this.setError(null);
    void fetchConfig(this.context.serverUrl, this.context.options.tenantKey).then((config) => {
      this.configKnown = true;
      if (!config) {
        this.showTheme(this.theme);
        return;
      }
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
    const connection = new ChatConnection(this.context.serverUrl, () => this.session?.token ?? "", (state) => this.setState(state), () => void this.turns.resync(), this.context.options.reconnectDelays);
    // Another tab (or device) of this user asked something: show it here and follow the reply as it is written.
    connection.on("TurnStarted", (started: TurnStarted) => {
      if (!this.turns.writing && !this.turns.follows(started.turnId)) void this.loadHistory();
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
      await this.turns.resync();
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
    this.setBusy(state !== "connected");
  }

  private setError(message: string | null): void {
    this.errorBox.textContent = message ?? "";
    this.errorBox.hidden = !message;
  }

  private setBusy(busy: boolean): void {
    const generating = this.turns.writing;
    this.sendButton.hidden = generating;
    this.stopButton.hidden = !generating;
    this.sendButton.disabled = busy && !generating;
  }

  private autosize(): void {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 140) + "px";
  }

  private get pageSize(): number {
    const size = Math.floor(Number(this.context.options.historyPageSize ?? 50));
    return Math.min(Math.max(Number.isFinite(size) ? size : 50, 2), 50);
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
      history = await connection.invoke<ConversationHistory>("GetHistory", this.pageSize, null);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Your conversation could not be loaded. Try again in a moment.");
      return;
    } finally {
      this.messages.setAttribute("aria-busy", "false");
    }
    this.turns.reset();
    const streaming = this.list.show(history);
    if (!history.messages.length) this.showWelcome();
    this.setBusy(false);
    // A reply still being written (this page was reloaded, or another tab asked): read it from the start.
    if (streaming) this.turns.adopt(streaming);
  }

  /** "Show earlier messages": the page of the conversation before the oldest message shown. */
  private async loadEarlier(): Promise<void> {
    const before = this.list.before;
    if (!before || !this.connection?.connected || this.loadingEarlier) return;
    this.loadingEarlier = true;
    try {
      const history = await this.connection.invoke<ConversationHistory>("GetHistory", this.pageSize, before.turnId);
      this.setError(null);
      this.list.prepend(history, before.epoch);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "Earlier messages could not be loaded. Try again in a moment.");
    } finally {
      this.loadingEarlier = false;
    }
  }

  private showWelcome(): void {
    this.list.showWelcome(this.greeting, (question) => {
      this.input.value = question;
      this.send();
    });
  }

  private send(): void {
    const text = this.input.value.trim();
    if (this.loadingHistory) {
      void this.loadingHistory.then(() => this.send());
      return;
    }
    if (!text || this.turns.writing || !this.connection?.connected) return;
    this.setError(null);
    this.input.value = "";
    this.autosize();
    this.turns.send(text);
  }

  private replyEnded(turnId: string | null, status: string, text: string): void {
    this.context.emit("reply", { turnId, status, text });
    if (!this.panel.hidden && this.context.root.activeElement === this.stopButton) this.input.focus();
  }

  /** Starts a new conversation (the profile stays); not while a reply is being written. */
  private async newConversation(): Promise<void> {
    if (this.turns.writing || !this.connection?.connected) return;
    try {
      await this.connection.invoke<string>("StartNewConversation");
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? "A new conversation could not be started. Try again.");
      return;
    }
    this.setError(null);
    void this.toggleProfile(false);
    this.list.clear();
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
