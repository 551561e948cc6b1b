// widget.js: the only script a host page loads up front. It draws the launcher in a shadow root and does nothing else
// (no network call, no SignalR) until the visitor opens the widget; then it imports the app chunk.
import { resolveTheme, type Identity, type LauncherLabels, type Theme, type WidgetApp, type WidgetConfig, type WidgetContext, type WidgetEvent, type WidgetOptions } from "../shared/options";
import { accentOn, textOn } from "../shared/contrast";
import { chatIcon, closeIcon, launcherCss } from "./launcherStyles";

declare const __COACHBOT_APP_VERSION__: string;

type Listener = (detail: unknown) => void;
type QueuedCall = [string, ...unknown[]];

interface CoachBotApi {
  init(options?: WidgetOptions): void;
  identify(identity: Identity): void;
  open(): void;
  close(): void;
  on(event: WidgetEvent, callback: Listener): () => void;
  version: string;
}

const script = document.currentScript as HTMLScriptElement | null;

function optionsFromScript(element: HTMLScriptElement | null): WidgetOptions {
  if (!element) return {};
  const data = element.dataset;
  const options: WidgetOptions = {};
  if (data.tenantKey) options.tenantKey = data.tenantKey;
  if (data.serverUrl) options.serverUrl = data.serverUrl;
  if (data.open !== undefined) options.open = data.open !== "false";
  if (data.primaryColor) options.primaryColor = data.primaryColor;
  if (data.position) options.position = data.position as WidgetOptions["position"];
  if (data.colorScheme) options.colorScheme = data.colorScheme as WidgetOptions["colorScheme"];
  if (data.title) options.title = data.title;
  if (data.greeting !== undefined) options.greeting = data.greeting;
  if (data.launcherLabel) options.launcherLabel = data.launcherLabel;
  if (data.avatarUrl) options.avatarUrl = data.avatarUrl;
  if (data.locale) options.locale = data.locale;
  if (data.mode === "frame") options.mode = "frame";
  return options;
}

function readJson<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

class Loader {
  private options: WidgetOptions;
  private readonly listeners = new Map<WidgetEvent, Set<Listener>>();
  private host: HTMLElement | null = null;
  private context: WidgetContext | null = null;
  private app: WidgetApp | null = null;
  private loading: Promise<WidgetApp> | null = null;
  private identity: Identity | null = null;
  private isOpen = false;
  private scheme: MediaQueryList | null = null;
  private unread = 0;
  /** The launcher's own words; the app replaces them with the visitor's language once it is loaded. */
  private labels: LauncherLabels = { close: "Close", unread: "{n} new" };

  constructor(options: WidgetOptions) {
    this.options = options;
  }

  get serverUrl(): string {
    const fallback = script?.src ? new URL(script.src, location.href).origin : location.origin;
    return (this.options.serverUrl ?? fallback).replace(/\/+$/, "");
  }

  get storagePrefix(): string {
    return `coachbot:${this.serverUrl}:${this.options.tenantKey ?? "default"}:`;
  }

  init(options: WidgetOptions = {}): void {
    this.options = { ...this.options, ...options };
    if (this.app) {
      this.app.setOptions(this.options);
    } else if (this.context) {
      this.context.options = this.options;
      this.context.serverUrl = this.serverUrl;
      this.context.storagePrefix = this.storagePrefix;
      this.context.cachedConfig = readJson<WidgetConfig>(this.storagePrefix + "config");
      this.applyTheme(this.context.cachedConfig);
    }
    this.mountWhenReady();
  }

  mountWhenReady(): void {
    if (document.body) {
      this.mount();
    } else {
      document.addEventListener("DOMContentLoaded", () => this.mount(), { once: true });
    }
  }

  private mount(): void {
    if (this.host) {
      if (this.options.open || this.options.mode === "frame") this.open();
      return;
    }
    const host = document.createElement("coachbot-widget");
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = launcherCss;
    const surface = document.createElement("div");
    surface.className = "cb-surface";
    const launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "cb-launcher";
    launcher.dataset.cb = "launcher";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    surface.append(launcher);
    root.append(style, surface);
    document.body.append(host);
    this.host = host;

    const cachedConfig = readJson<WidgetConfig>(this.storagePrefix + "config");
    this.context = {
      root,
      surface,
      launcher,
      options: this.options,
      serverUrl: this.serverUrl,
      storagePrefix: this.storagePrefix,
      identity: this.identity,
      cachedConfig,
      emit: (event, detail) => this.emit(event, detail),
      applyTheme: (config) => this.applyTheme(config),
      closed: () => this.markClosed(),
      setUnread: (count) => this.setUnread(count),
      setLabels: (labels) => {
        this.labels = labels;
        this.renderLauncher();
      },
    };
    this.applyTheme(cachedConfig);
    let remembered = false;
    try {
      remembered = sessionStorage.getItem(this.storagePrefix + "open") === "1";
    } catch {
      // Storage may be blocked; the panel then starts closed.
    }
    if (this.options.open || this.options.mode === "frame" || remembered) this.open();
  }

  applyTheme(config: WidgetConfig | null): Theme {
    const theme = resolveTheme(config, this.options);
    const context = this.context;
    if (!context) return theme;
    const { surface } = context;
    surface.dataset.position = theme.position;
    surface.dataset.mode = this.options.mode ?? "launcher";
    this.scheme ??= window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    const dark = theme.colorScheme === "dark" || (theme.colorScheme === "auto" && !!this.scheme?.matches);
    surface.dataset.scheme = dark ? "dark" : "light";
    // Text on the brand color, and the brand color as text, ring or border on the panel: by contrast ratio.
    surface.style.setProperty("--cb-primary", theme.primaryColor);
    surface.style.setProperty("--cb-on-primary", textOn(theme.primaryColor));
    surface.style.setProperty("--cb-accent", accentOn(theme.primaryColor, dark ? "#1f2937" : "#f3f4f6", 4.5));
    if (this.scheme && !surface.dataset.schemeListener) {
      surface.dataset.schemeListener = "1";
      this.scheme.addEventListener("change", () => this.applyTheme(context.cachedConfig));
    }
    this.renderLauncher(theme);
    return theme;
  }

  private renderLauncher(theme: Theme = resolveTheme(this.context?.cachedConfig ?? null, this.options)): void {
    const launcher = this.context?.launcher;
    if (!launcher) return;
    const label = document.createElement("span");
    label.textContent = this.isOpen ? this.labels.close : theme.launcherLabel;
    launcher.innerHTML = this.isOpen ? closeIcon : chatIcon;
    launcher.append(label);
    const unread = this.isOpen ? 0 : this.unread;
    if (unread) {
      const badge = document.createElement("span");
      badge.className = "cb-unread";
      badge.dataset.cb = "unread";
      badge.textContent = unread > 9 ? "9+" : String(unread);
      launcher.append(badge);
    }
    launcher.setAttribute("aria-expanded", String(this.isOpen));
    const name = this.isOpen ? this.labels.close + " " + theme.title : theme.launcherLabel;
    launcher.setAttribute("aria-label", unread ? `${name} (${this.labels.unread.replace("{n}", String(unread))})` : name);
  }

  /** Replies that arrived while the panel was closed, shown as a badge on the launcher. */
  setUnread(count: number): void {
    this.unread = count;
    this.renderLauncher();
  }

  private loadApp(): Promise<WidgetApp> {
    const context = this.context!;
    this.loading ??= (async () => {
      context.launcher.setAttribute("aria-busy", "true");
      try {
        const module = (await import(/* @vite-ignore */ `${this.serverUrl}/widget/app.js?v=${__COACHBOT_APP_VERSION__}`)) as { mount(context: WidgetContext): WidgetApp };
        context.identity = this.identity;
        this.app = module.mount(context);
        return this.app;
      } catch (error) {
        this.loading = null;
        this.emit("error", { code: "unavailable", message: "The chat could not be loaded. Check your connection and try again." });
        throw error;
      } finally {
        context.launcher.removeAttribute("aria-busy");
      }
    })();
    return this.loading;
  }

  open(): void {
    if (!this.context) {
      this.options.open = true;
      this.mountWhenReady();
      return;
    }
    if (this.isOpen) return;
    this.isOpen = true;
    this.unread = 0;
    this.remember(true);
    this.renderLauncher();
    this.loadApp().then(
      (app) => {
        if (this.isOpen) {
          app.open();
          this.emit("open", undefined);
        }
      },
      () => this.markClosed(),
    );
  }

  close(): void {
    if (!this.isOpen || this.options.mode === "frame") return;
    this.app?.close();
    this.markClosed();
  }

  private markClosed(): void {
    const wasOpen = this.isOpen;
    this.isOpen = false;
    this.remember(false);
    this.renderLauncher();
    if (wasOpen) {
      this.context?.launcher.focus();
      this.emit("close", undefined);
    }
  }

  private remember(open: boolean): void {
    try {
      if (open) sessionStorage.setItem(this.storagePrefix + "open", "1");
      else sessionStorage.removeItem(this.storagePrefix + "open");
    } catch {
      // Storage may be blocked; the panel then starts closed on the next page.
    }
  }

  identify(identity: Identity): void {
    this.identity = identity;
    if (this.context) this.context.identity = identity;
    this.app?.identify(identity);
  }

  on(event: WidgetEvent, callback: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(callback);
    return () => set!.delete(callback);
  }

  private emit(event: WidgetEvent, detail: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(detail);
      } catch (error) {
        console.error("CoachBot: an event listener failed", error);
      }
    }
  }
}

(() => {
  const global = window as unknown as { CoachBot?: CoachBotApi & { q?: QueuedCall[] } };
  if (global.CoachBot && typeof global.CoachBot.on === "function" && !global.CoachBot.q) return;
  const queued = global.CoachBot?.q ?? [];
  const loader = new Loader(optionsFromScript(script));
  const api: CoachBotApi = {
    init: (options) => loader.init(options),
    identify: (identity) => loader.identify(identity),
    open: () => loader.open(),
    close: () => loader.close(),
    on: (event, callback) => loader.on(event, callback),
    version: __COACHBOT_APP_VERSION__,
  };
  global.CoachBot = api;
  const calls = api as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [method, ...args] of queued) {
    if (typeof calls[method] === "function" && method !== "version") calls[method](...args);
  }
  loader.mountWhenReady();
})();
