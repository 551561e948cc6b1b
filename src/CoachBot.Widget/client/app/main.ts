// The chat app: loaded by widget.js when the visitor first opens the widget.
import type { Identity, Theme, WidgetApp, WidgetContext, WidgetOptions } from "../shared/options";
import { ChatConnection, asRefusal, type ConnectionState } from "./chatConnection";
import type { CareerProfile, CoachMessage, ConversationHistory, IssuedSession, ProfileUpdate, TranscriptMessage, TurnFeedback, TurnStarted } from "./contract";
import { el } from "./dom";
import { pickLocale, t, useLocale } from "./locales";
import { MessageList } from "./messageList";
import type { MessageView } from "./messageView";
import { buildPanel } from "./panel";
import { panelCss } from "./panelStyles";
import { ConversationsView, type ConversationSummary } from "./conversationsView";
import { ProfileView } from "./profileView";
import { CoachBotError, SessionManager, fetchConfig } from "./session";
import { TurnFollower } from "./turns";

const bannerText = (state: ConnectionState): string =>
  ({ connecting: t.connecting, connected: "", reconnecting: t.reconnecting, disconnected: t.offline })[state];

/** Where the panel fills the screen (as in the panel's styles): narrow screens, and short ones such as a landscape phone. */
const fullScreen = "(max-width: 480px), (max-height: 500px)";
const maxLength = 4000;

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
  private readonly conversations: ConversationsView;
  private readonly conversationsButton: HTMLButtonElement;
  private readonly titleElement: HTMLElement;
  private unread = 0;
  /** The host page's own overflow while a full-screen panel keeps it from scrolling behind. */
  private pageOverflow: string | null = null;
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
    useLocale(pickLocale(context.options.locale, document.documentElement.lang, navigator.language));
    context.setLabels({ close: t.launcherClose, unread: t.unread });
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
      toggleConversations: () => void this.toggleConversations(),
      close: () => this.closeFromInside(),
      inputChanged: () => {
        this.autosize();
        this.setBusy(this.connection?.connected !== true);
      },
    }, maxLength);
    this.panel = parts.panel;
    this.avatarSlot = parts.avatarSlot;
    this.titleElement = parts.title;
    this.profileButton = parts.profileButton;
    this.conversationsButton = parts.conversationsButton;
    this.banner = parts.banner;
    this.errorBox = parts.error;
    this.messages = parts.messages;
    this.input = parts.input;
    this.sendButton = parts.send;
    this.stopButton = parts.stop;
    this.list = new MessageList(
      this.messages,
      {
        feedback: (turnId, feedback) => this.submitFeedback(turnId, feedback),
        askAgain: (view) => this.askAgain(view),
        coachName: () => this.theme.coachName,
      },
      () => void this.loadEarlier(),
    );
    parts.body.append(this.list.jump);
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
      // aria-disabled rather than disabled: a disabled button drops keyboard focus to the page.
      stopping: (pending) => this.stopButton.setAttribute("aria-disabled", String(pending)),
      restore: (text) => {
        if (!this.input.value) this.setInput(text);
      },
    });
    this.profile = new ProfileView((update) => this.saveProfile(update), () => void this.toggleProfile(false));
    this.conversations = new ConversationsView(
      {
        list: async () => (await this.getJson<{ conversations: ConversationSummary[] }>("/api/me/conversations")).conversations,
        messages: (id) => this.getJson(`/api/me/conversations/${encodeURIComponent(id)}/messages`),
        coachName: () => this.theme.coachName,
        download: () => void this.download(),
      },
      () => void this.toggleConversations(false),
    );
    parts.body.append(this.profile.element, this.conversations.element);
    context.surface.append(this.panel);
    context.launcher.setAttribute("aria-controls", "cb-panel");
    this.showTheme(this.theme);
  }

  private newSessions(): SessionManager {
    return new SessionManager(this.context.serverUrl, this.context.storagePrefix + "session", this.context.options.tenantKey);
  }

  open(): void {
    this.panel.hidden = false;
    this.unread = 0;
    this.lockPage(true);
    this.input.focus();
    this.list.scrollToEnd(true);
    this.started ??= this.start();
  }

  close(): void {
    this.panel.hidden = true;
    this.lockPage(false);
  }

  /** A panel that fills the screen keeps the page behind it from scrolling; the page's own overflow comes back on close. */
  private lockPage(lock: boolean): void {
    const root = document.documentElement;
    if (lock && this.pageOverflow === null && this.context.options.mode !== "frame" && window.matchMedia?.(fullScreen).matches) {
      this.pageOverflow = root.style.overflow;
      root.style.overflow = "hidden";
    } else if (!lock && this.pageOverflow !== null) {
      root.style.overflow = this.pageOverflow;
      this.pageOverflow = null;
    }
  }

  private setInput(text: string): void {
    this.input.value = text;
    this.input.dispatchEvent(new Event("input"));
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
    this.titleElement.title = theme.title;
    this.list.refreshWelcome(this.greeting, this.prompts, (question) => this.ask(question));
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
    const configRead = fetchConfig(this.context.serverUrl, this.context.options.tenantKey);
    void configRead.then((config) => {
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
      let refusal = error instanceof CoachBotError ? error : new CoachBotError("unavailable", t.unreachable);
      // A page the tenant does not list fails the browser's CORS preflight, which looks like a network error here. The
      // public configuration says whether this origin is allowed: then the visitor learns that chat is not offered on
      // this site (no Retry, which could not help), and the site's owner which origin to add.
      if (refusal.code === "unavailable" && (await configRead)?.originAllowed === false) {
        refusal = new CoachBotError("origin_not_allowed", t.notAvailableHere);
        console.error(
          `CoachBot: the chat is not available on ${location.origin} because this origin is not in the tenant's allowedOrigins. ` +
            `A tenant admin can add "${location.origin}" to settings.allowedOrigins (PUT /api/tenant).`,
        );
      }
      this.setError(refusal.code === "unavailable" ? t.unreachable : refusal.message);
      this.setState("disconnected", refusal.code === "unavailable");
      this.context.emit("error", { code: refusal.code, message: refusal.message });
      this.started = null;
      return;
    }
    const connection = new ChatConnection(this.context.serverUrl, () => this.session?.token ?? "", (state) => this.setState(state), () => void this.turns.resync(), this.context.options.reconnectDelays);
    // Another tab (or device) of this user asked something: show it here and follow the reply as it is written.
    connection.on("CoachMessage", (message: CoachMessage) => {
      const at = new Date(message.at);
      this.list.removeWelcome();
      this.list.addCoachMessage(message.id, message.text, message.authorName, isNaN(at.getTime()) ? new Date() : at);
    });
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
      this.setError(t.unreachable);
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
      this.setError(t.stillOffline);
    }
  }

  private setState(state: ConnectionState, retryable = true): void {
    this.banner.dataset.state = state;
    this.banner.hidden = state === "connected";
    this.banner.querySelector("span")!.textContent = bannerText(state);
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
    // Stop goes away when the reply ends: keyboard focus moves on to the input instead of falling to the page.
    const stopFocused = this.context.root.activeElement === this.stopButton;
    this.sendButton.hidden = generating;
    this.stopButton.hidden = !generating;
    this.sendButton.disabled = (busy && !generating) || !this.input.value.trim();
    if (stopFocused && !generating) this.input.focus();
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
      this.setError(asRefusal(error)?.message ?? t.historyFailed);
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
      this.setError(asRefusal(error)?.message ?? t.earlierFailed);
    } finally {
      this.loadingEarlier = false;
    }
  }

  private showWelcome(): void {
    this.list.showWelcome(this.greeting, this.prompts, (question) => this.ask(question));
  }

  /** The tenant's suggested prompts, else the widget's own in the visitor's language. */
  private get prompts(): string[] {
    const prompts = this.context.cachedConfig?.suggestedPrompts;
    return prompts?.length ? prompts : t.suggestions;
  }

  private ask(question: string): void {
    this.setInput(question);
    this.send();
  }

  /** Ask again on a failed reply: its question goes back into the input, ready to send. */
  private askAgain(view: MessageView): void {
    const question = [...this.messages.querySelectorAll<HTMLElement>("[data-cb=message][data-role=user]")].find((m) => m.dataset.turnId === view.turnId);
    this.setInput(question?.querySelector("[data-cb=message-text]")?.textContent ?? "");
    this.input.focus();
  }

  /** The whole current conversation as a text file, read page by page. */
  private async download(): Promise<void> {
    if (!this.connection?.connected) return;
    const messages: TranscriptMessage[] = [];
    let before: string | null = null;
    try {
      for (let page = 0; page < 200; page++) {
        const history: ConversationHistory = await this.connection.invoke<ConversationHistory>("GetHistory", 50, before);
        messages.unshift(...history.messages.filter((m) => !messages.some((k) => k.turnId === m.turnId && k.role === m.role)));
        if (!history.hasMore || !history.messages.length) break;
        before = history.messages[0]!.turnId;
      }
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? t.historyFailed);
      return;
    }
    const speaker = (m: TranscriptMessage): string => (m.role === "user" ? t.you : m.role === "coach" ? `${t.coach} ${m.authorName ?? ""}`.trim() : this.theme.coachName);
    const lines = messages.map((m) => `[${m.createdAt}] ${speaker(m)}:\n${m.text}\n`);
    const link = el("a", { href: URL.createObjectURL(new Blob([this.theme.title + "\n\n" + lines.join("\n")], { type: "text/plain;charset=utf-8" })), download: `${t.transcriptName}-${new Date().toISOString().slice(0, 10)}.txt` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  private send(): void {
    const text = this.input.value.trim();
    if (this.loadingHistory) {
      void this.loadingHistory.then(() => this.send());
      return;
    }
    if (!text || this.turns.writing || !this.connection?.connected) return;
    this.setError(null);
    this.list.removeQuickReplies();
    this.setInput("");
    this.turns.send(text);
  }

  private replyEnded(turnId: string | null, status: string, text: string): void {
    this.context.emit("reply", { turnId, status, text });
    const quick = this.context.cachedConfig?.quickReplies;
    if (status === "completed" && quick?.length) this.list.showQuickReplies(quick, (question) => this.ask(question));
    if (this.panel.hidden) this.context.setUnread(++this.unread);
  }

  /** Starts a new conversation (the profile stays); not while a reply is being written. */
  private async newConversation(): Promise<void> {
    if (this.turns.writing || !this.connection?.connected) return;
    try {
      await this.connection.invoke<string>("StartNewConversation");
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? t.newFailed);
      return;
    }
    this.setError(null);
    void this.toggleProfile(false);
    if (!this.conversations.element.hidden) void this.toggleConversations(false);
    this.list.clear();
    this.showWelcome();
  }

  private async submitFeedback(turnId: string, feedback: { rating: "up" | "down"; comment?: string }): Promise<void> {
    try {
      await this.connection!.invoke<TurnFeedback>("SubmitFeedback", turnId, feedback);
      this.setError(null);
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? t.feedbackFailed);
      throw error;
    }
  }

  /** A GET of the signed-in visitor's own data over REST. */
  private async getJson<T>(path: string): Promise<T> {
    const response = await fetch(this.context.serverUrl + path, { headers: { Authorization: "Bearer " + (this.session?.token ?? "") }, credentials: "omit" });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  /** Earlier conversations in place of the current one (read only), or back. */
  private async toggleConversations(show = this.conversations.element.hidden): Promise<void> {
    if (show) void this.toggleProfile(false, false);
    this.conversations.element.hidden = !show;
    this.messages.hidden = show;
    this.conversationsButton.setAttribute("aria-expanded", String(show));
    if (!show) {
      this.input.focus();
      return;
    }
    this.conversations.focusFirst();
    await this.conversations.show();
  }

  private async toggleProfile(show = this.profile.element.hidden, focus = true): Promise<void> {
    if (show) {
      this.conversations.element.hidden = true;
      this.conversationsButton.setAttribute("aria-expanded", "false");
    }
    this.profile.element.hidden = !show;
    this.messages.hidden = show;
    this.profileButton.setAttribute("aria-expanded", String(show));
    if (!show) {
      if (focus) this.input.focus();
      return;
    }
    this.profile.focusFirst();
    if (!this.connection?.connected) return;
    try {
      this.profile.show(await this.connection.invoke<CareerProfile>("GetProfile"));
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? t.profileLoadFailed);
    }
  }

  private async saveProfile(update: ProfileUpdate): Promise<CareerProfile> {
    try {
      const profile = await this.connection!.invoke<CareerProfile>("UpdateProfile", update);
      this.setError(null);
      return profile;
    } catch (error) {
      this.setError(asRefusal(error)?.message ?? t.profileSaveFailed);
      throw error;
    }
  }
}

/** Entry point called by widget.js. */
export function mount(context: WidgetContext): WidgetApp {
  return new ChatApp(context);
}
