/** What the host page can set, through data attributes on the script tag or `CoachBot.init(options)`. */
export interface WidgetOptions {
  /** The tenant's public widget key (`cbw_…`); none means the default tenant. */
  tenantKey?: string;
  /** Where CoachBot runs; defaults to the origin the script was loaded from. */
  serverUrl?: string;
  /** Opens the panel as soon as the page loads. */
  open?: boolean;
  primaryColor?: string;
  position?: Position;
  colorScheme?: ColorScheme;
  title?: string;
  /** "" for no greeting. */
  greeting?: string;
  launcherLabel?: string;
  avatarUrl?: string | null;
  /** Messages per history page (1–50, default 50): the latest page loads on open, "Show earlier messages" reads the next. */
  historyPageSize?: number;
  /**
   * Milliseconds to wait before each automatic reconnection attempt after the connection drops; when they are used up
   * the banner offers Retry. Default: 0, 1 s, 2 s, 5 s, then every 10 s for about two minutes.
   */
  reconnectDelays?: number[];
  /** The widget's language (en, de, es, fr, ar); default: the host page's lang, then the browser's. */
  locale?: string;
  /** "frame": the panel fills the page and cannot be closed (the iframe page). */
  mode?: "launcher" | "frame";
}

export type Position = "bottom-right" | "bottom-left";
export type ColorScheme = "light" | "dark" | "auto";

/** A verified identity from the host site's server: an HMAC of the user id, or a signed identity token. */
export type Identity = { userId: string; userHash: string } | { identityToken: string };

/** The appearance after the tenant's configuration and the init options are combined. */
export interface Theme {
  coachName: string;
  title: string;
  greeting: string;
  launcherLabel: string;
  primaryColor: string;
  position: Position;
  colorScheme: ColorScheme;
  avatarUrl: string | null;
}

/** `GET /api/widget/config`: the tenant's public appearance. */
export type WidgetConfig = Partial<Theme> & {
  /** Questions a new conversation offers (the widget's own when empty). */
  suggestedPrompts?: string[];
  /** Replies offered under each answer. */
  quickReplies?: string[];
  /** Whether the page asking (its Origin) may use the chat; absent when the request carried no Origin. */
  originAllowed?: boolean;
};

export type WidgetEvent = "ready" | "open" | "close" | "reply" | "error";

export interface WidgetError {
  code: string;
  message: string;
}

export const defaultTheme: Theme = {
  coachName: "CoachBot",
  title: "CoachBot",
  greeting: "Hi! Ask me anything about your career.",
  launcherLabel: "Chat with CoachBot",
  primaryColor: "#2563eb",
  position: "bottom-right",
  colorScheme: "auto",
  avatarUrl: null,
};

const hexColor = /^#[0-9a-fA-F]{6}$/;

/** Tenant configuration first, then the page's own options; anything malformed keeps the value below it. */
export function resolveTheme(config: WidgetConfig | null, options: WidgetOptions): Theme {
  const theme: Theme = { ...defaultTheme };
  for (const source of [config ?? {}, options as WidgetConfig]) {
    if (typeof source.coachName === "string" && source.coachName) {
      theme.coachName = source.coachName;
      theme.title = source.coachName;
      theme.launcherLabel = "Chat with " + source.coachName;
    }
    if (typeof source.title === "string" && source.title) theme.title = source.title;
    // An empty greeting is a choice (no greeting); only a configuration that says nothing keeps the default.
    if (typeof source.greeting === "string") theme.greeting = source.greeting;
    if (typeof source.launcherLabel === "string" && source.launcherLabel) theme.launcherLabel = source.launcherLabel;
    if (typeof source.primaryColor === "string" && hexColor.test(source.primaryColor)) theme.primaryColor = source.primaryColor;
    if (source.position === "bottom-left" || source.position === "bottom-right") theme.position = source.position;
    if (source.colorScheme === "light" || source.colorScheme === "dark" || source.colorScheme === "auto") theme.colorScheme = source.colorScheme;
    if (source.avatarUrl === null || (typeof source.avatarUrl === "string" && safeImageUrl(source.avatarUrl))) theme.avatarUrl = source.avatarUrl ?? null;
  }
  return theme;
}

/** Only https, same-site paths and inline raster/svg images may be an avatar. */
export function safeImageUrl(value: string): boolean {
  return /^https:\/\//i.test(value) || /^\/(?!\/)/.test(value) || /^data:image\/(png|jpeg|svg\+xml|webp);base64,/i.test(value);
}

/** What the loader hands to the app chunk when it is loaded. */
export interface WidgetContext {
  root: ShadowRoot;
  /** The element inside the shadow root that holds the launcher and the panel; the theme is set on it. */
  surface: HTMLElement;
  launcher: HTMLButtonElement;
  options: WidgetOptions;
  serverUrl: string;
  storagePrefix: string;
  identity: Identity | null;
  cachedConfig: WidgetConfig | null;
  emit(event: WidgetEvent, detail?: unknown): void;
  applyTheme(config: WidgetConfig | null): Theme;
  /** Called by the app when the panel closes itself (close button, Escape). */
  closed(): void;
  /** Replies that arrived while the panel was closed: a badge on the launcher (0 removes it). */
  setUnread(count: number): void;
  /** The launcher's words in the visitor's language. */
  setLabels(labels: LauncherLabels): void;
}

/** The launcher's own words; "{n}" is the number of unread replies. */
export interface LauncherLabels {
  close: string;
  unread: string;
}

/** The app chunk's surface, as the loader drives it. */
export interface WidgetApp {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
  setOptions(options: WidgetOptions): void;
}
