// The signed-in coach's token, kept for this tab only (sessionStorage): closing the tab signs out.

const storageKey = "coachbot.console.token";

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  sessionStorage.setItem(storageKey, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(storageKey);
}

/** A staff JWT is a bearer token; CoachBot's own keys (cbk_…) use the ApiKey scheme. */
export function authorization(token: string): string {
  return (token.startsWith("cbk_") ? "ApiKey " : "Bearer ") + token;
}
