import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type ISubscription } from "@microsoft/signalr";
import type { ReplyChunk } from "./contract";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "disconnected";

/** A hub refusal ("code: message"), told apart from a broken connection. */
export class HubRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server sends a refusal as "<code>: <sentence>", which the client wraps; anything else is a transport failure. */
export function asRefusal(error: unknown): HubRefusal | null {
  const text = error instanceof Error ? error.message : String(error);
  const match = /HubException: ([a-z][a-z_]*): ([\s\S]*)$/.exec(text);
  return match ? new HubRefusal(match[1]!, match[2]!.trim()) : null;
}

export interface StreamHandlers {
  next(chunk: ReplyChunk): void;
  error(error: unknown): void;
  complete(): void;
}

// Retries quickly at first, then every 10 s for about two minutes; after that the banner offers Retry.
const defaultRetryDelays = [0, 1000, 2000, 5000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000];

/** The page's own reconnect schedule when it is a usable one (at most 50 waits of 0 to 60 s), else the default. */
function retrySchedule(delays: unknown): number[] {
  const usable = Array.isArray(delays) && delays.length <= 50 && delays.every((d) => typeof d === "number" && d >= 0 && d <= 60000);
  return usable ? (delays as number[]) : defaultRetryDelays;
}

/** The SignalR connection to /hubs/coach, with automatic reconnection and a state the banner shows. */
export class ChatConnection {
  private readonly hub: HubConnection;

  constructor(
    serverUrl: string,
    token: () => string,
    private readonly onState: (state: ConnectionState) => void,
    onReconnected: () => void,
    reconnectDelays?: number[],
  ) {
    const retryDelays = retrySchedule(reconnectDelays);
    this.hub = new HubConnectionBuilder()
      .withUrl(serverUrl + "/hubs/coach", { accessTokenFactory: token, withCredentials: false })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => retryDelays[context.previousRetryCount] ?? null })
      .configureLogging(LogLevel.None)
      .build();
    this.hub.onreconnecting(() => this.onState("reconnecting"));
    this.hub.onreconnected(() => {
      this.onState("connected");
      onReconnected();
    });
    this.hub.onclose(() => this.onState("disconnected"));
  }

  get connected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  on(method: string, handler: (...args: never[]) => void): void {
    this.hub.on(method, handler as (...args: unknown[]) => void);
  }

  async start(): Promise<void> {
    if (this.hub.state !== HubConnectionState.Disconnected) return;
    this.onState("connecting");
    try {
      await this.hub.start();
      this.onState("connected");
    } catch (error) {
      this.onState("disconnected");
      throw error;
    }
  }

  stop(): Promise<void> {
    return this.hub.stop();
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.hub.invoke<T>(method, ...args);
  }

  stream(method: string, args: unknown[], handlers: StreamHandlers): ISubscription<ReplyChunk> {
    return this.hub.stream<ReplyChunk>(method, ...args).subscribe(handlers);
  }
}
