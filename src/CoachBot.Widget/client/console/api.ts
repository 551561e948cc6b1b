import { authorization } from "./staffSession";

/** A refusal of the coach API: its stable code and sentence from the ProblemDetails body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Path segments are encoded one by one, so an id can never reach another route. */
export function segments(...parts: string[]): string {
  return parts.map((part) => encodeURIComponent(part)).join("/");
}

/**
 * The coach REST API with the signed-in token. A 401 or 403 calls <c>onRefused</c> (the console then shows sign-in with
 * the reason) before the promise rejects.
 */
export class ConsoleApi {
  constructor(
    private readonly token: () => string | null,
    private readonly onRefused: (status: number, code: string, message: string) => void,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>("GET", withQuery(path, query));
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("PUT", path, body);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("POST", path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>("PATCH", path, body);
  }

  delete(path: string): Promise<unknown> {
    return this.send("DELETE", path);
  }

  /** The response body as a file, with the name the server suggests. */
  async download(path: string, query: Query, fallbackName: string): Promise<{ blob: Blob; name: string }> {
    const response = await this.fetch("GET", withQuery(path, query));
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await response.blob(), name: match ? decodeURIComponent(match[1]!) : fallbackName };
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get("Content-Type") ?? "";
    return (type.includes("json") ? await response.json() : await response.text()) as T;
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const token = this.token();
    const headers: Record<string, string> = { Accept: "application/json" };
    if (token) headers["Authorization"] = authorization(token);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: "omit" });
    } catch {
      throw new ApiError(0, "network", "CoachBot could not be reached. Check the connection and try again.");
    }
    if (response.ok) return response;
    const problem = await response.json().catch(() => null as { code?: string; title?: string; detail?: string } | null);
    const code = problem?.code ?? `http_${response.status}`;
    const message = problem?.detail ?? problem?.title ?? `The request failed (${response.status}).`;
    if (response.status === 401 || response.status === 403) this.onRefused(response.status, code, message);
    throw new ApiError(response.status, code, message);
  }
}
