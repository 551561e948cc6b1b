import type { Identity, WidgetConfig, WidgetError } from "../shared/options";
import type { IssuedSession } from "./contract";
import { t } from "./locales";

/** A refusal from CoachBot, with its stable code. */
export class CoachBotError extends Error implements WidgetError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const renewBefore = 7 * 24 * 3600 * 1000;

/** What the visitor reads for each refusal, in the widget's language. */
const friendly = (): Record<string, string> => ({
  identity_invalid: t.identityInvalid,
  identity_expired: t.identityExpired,
  identity_replayed: t.identityReplayed,
  tenant_key_invalid: t.tenantKeyInvalid,
  origin_not_allowed: t.notAvailableHere,
  rate_limited: t.rateLimited,
});

async function problem(response: Response): Promise<CoachBotError> {
  let code = "unavailable";
  let detail = t.unreachable;
  try {
    const body = (await response.json()) as { code?: string; detail?: string; title?: string };
    code = body.code ?? code;
    detail = body.detail ?? body.title ?? detail;
  } catch {
    // Not a problem-details body: keep the generic message.
  }
  return new CoachBotError(code, friendly()[code] ?? detail);
}

/** The user id inside an identity token (unverified: only to know whether a stored session is already that user's). */
function tokenSubject(token: string): string | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" ? sub : null;
  } catch {
    return null;
  }
}

/** The session token kept in localStorage per server and tenant key, created, renewed and exchanged for a verified one. */
export class SessionManager {
  constructor(
    private readonly serverUrl: string,
    private readonly storageKey: string,
    private readonly tenantKey: string | undefined,
  ) {}

  stored(): IssuedSession | null {
    try {
      const raw = localStorage.getItem(this.storageKey);
      const session = raw ? (JSON.parse(raw) as IssuedSession) : null;
      return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
    } catch {
      return null;
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      // Storage may be blocked.
    }
  }

  private save(session: IssuedSession): IssuedSession {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(session));
    } catch {
      // Storage may be blocked: the session then lasts as long as the page.
    }
    return session;
  }

  /**
   * The session to use: the stored one (renewed when it nears expiry) unless an identity names another user; a new
   * anonymous or verified one otherwise. A refused identity clears the stored session and throws.
   */
  async obtain(identity: Identity | null): Promise<IssuedSession> {
    const stored = this.stored();
    if (identity) {
      const userId = "userId" in identity ? identity.userId : tokenSubject(identity.identityToken);
      if (stored?.verified && stored.userId === userId) return this.renewIfDue(stored);
      try {
        return this.save(await this.post({ tenantKey: this.tenantKey, ...identity }));
      } catch (error) {
        this.clear();
        throw error;
      }
    }
    if (stored) return this.renewIfDue(stored);
    return this.save(await this.post(this.tenantKey ? { tenantKey: this.tenantKey } : null));
  }

  private async renewIfDue(session: IssuedSession): Promise<IssuedSession> {
    if (Date.parse(session.expiresAt) - Date.now() > renewBefore) return session;
    try {
      return this.save(await this.post(null, session.token));
    } catch (error) {
      if (error instanceof CoachBotError && error.code !== "unavailable" && error.code !== "rate_limited") {
        this.clear();
        return this.obtain(null);
      }
      return session;
    }
  }

  private async post(body: object | null, bearer?: string): Promise<IssuedSession> {
    const headers: Record<string, string> = {};
    if (body) headers["Content-Type"] = "application/json";
    if (bearer) headers.Authorization = "Bearer " + bearer;
    let response: Response;
    try {
      response = await fetch(this.serverUrl + "/api/sessions", { method: "POST", headers, body: body ? JSON.stringify(body) : null, credentials: "omit" });
    } catch {
      throw new CoachBotError("unavailable", t.unreachable);
    }
    if (!response.ok) throw await problem(response);
    return (await response.json()) as IssuedSession;
  }
}

/** The tenant's public appearance; null when it cannot be read (the widget then uses its defaults). */
export async function fetchConfig(serverUrl: string, tenantKey: string | undefined): Promise<WidgetConfig | null> {
  const query = tenantKey ? "?tenantKey=" + encodeURIComponent(tenantKey) : "";
  try {
    const response = await fetch(serverUrl + "/api/widget/config" + query, { credentials: "omit" });
    return response.ok ? ((await response.json()) as WidgetConfig) : null;
  } catch {
    return null;
  }
}
