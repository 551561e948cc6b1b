import { asRefusal, type ChatConnection } from "./chatConnection";
import type { ReplyChunk, TurnEnd } from "./contract";
import { t } from "./locales";
import type { MessageList, StreamingTurn } from "./messageList";

/** What the turn follower needs from the panel around it. */
export interface TurnHost {
  readonly connection: ChatConnection | null;
  readonly list: MessageList;
  /** The reply started, ended or was taken back: the panel shows Send or Stop. */
  changed(): void;
  error(message: string | null): void;
  /** A reply ended (the `reply` event). */
  ended(turnId: string | null, status: TurnEnd["status"], text: string): void;
  /** The stored conversation is read again (the turn is no longer in the server's buffer, or is unknown here). */
  reload(): Promise<void>;
  /** Stop is being sent (the button waits). */
  stopping(pending: boolean): void;
  /** A message refused before it started goes back into the input. */
  restore(text: string): void;
}

/** The reply being written: which turn, how much of it this page has, and which stream subscription is current. */
interface ActiveTurn extends StreamingTurn {
  turnId: string | null;
  generation: number;
  cancelRequested: boolean;
}

/**
 * Follows the reply being written: sends the question, renders each chunk once, and after a lost connection (or in
 * another tab) reads the rest from the number of characters this page already has, so nothing is missing or twice.
 */
export class TurnFollower {
  private active: ActiveTurn | null = null;
  private generation = 0;

  constructor(private readonly host: TurnHost) {}

  get writing(): boolean {
    return this.active !== null;
  }

  /** Forgets the current reply (the list is being replaced); its stream's late chunks are ignored. */
  reset(): void {
    this.generation++;
    this.active = null;
  }

  send(text: string): void {
    const list = this.host.list;
    list.removeWelcome();
    list.follow();
    const userView = list.add(list.view("user", "completed"));
    userView.setText(text, true);
    const view = list.add(list.view("assistant", "streaming"));
    this.active = { view, userView, turnId: null, generation: 0, cancelRequested: false };
    this.host.changed();
    this.subscribe("SendMessage", [text], text);
  }

  /** A reply found in the stored conversation that is still being written: read it again from its start. */
  adopt(turn: StreamingTurn): void {
    if (!turn.view.turnId) return;
    turn.view.setText("", true);
    this.active = { ...turn, turnId: turn.view.turnId, generation: 0, cancelRequested: false };
    this.attach();
  }

  /** Whether the turn another connection of this user just started is already followed here. */
  follows(turnId: string): boolean {
    return this.active?.turnId === turnId;
  }

  /** Re-reads the current reply from the number of characters this page already has. */
  private attach(): void {
    const active = this.active;
    if (!active?.turnId) return;
    this.subscribe("AttachToTurn", [active.turnId, active.view.length]);
    this.host.changed();
  }

  private current(active: ActiveTurn, generation: number): boolean {
    return this.active === active && active.generation === generation;
  }

  private subscribe(method: string, args: unknown[], sentText?: string): void {
    const active = this.active!;
    const generation = ++this.generation;
    active.generation = generation;
    this.host.connection!.stream(method, args, {
      next: (chunk) => {
        if (this.current(active, generation)) this.onChunk(active, chunk);
      },
      error: (error) => {
        if (this.current(active, generation)) this.onStreamError(active, error, sentText);
      },
      complete: () => {
        // A stream that completes without the end chunk was cut short: read the rest.
        if (this.current(active, generation) && this.host.connection?.connected) this.attach();
      },
    });
  }

  private learn(active: ActiveTurn, turnId: string): void {
    active.turnId = turnId;
    active.view.setTurnId(turnId);
    active.userView?.setTurnId(turnId);
  }

  private onChunk(active: ActiveTurn, chunk: ReplyChunk): void {
    if (!active.turnId) {
      this.learn(active, chunk.turnId);
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
    this.host.changed();
    this.host.ended(active.turnId, end.status, active.view.currentText);
  }

  private onStreamError(active: ActiveTurn, error: unknown, sentText?: string): void {
    const refusal = asRefusal(error);
    if (!refusal) {
      // The connection broke; the automatic reconnect (or Retry) re-attaches from what this page has.
      if (this.host.connection?.connected) this.attach();
      return;
    }
    if (!active.turnId && sentText !== undefined) {
      // The message was refused before it started: take it back into the input.
      active.view.element.remove();
      active.userView?.element.remove();
      this.active = null;
      this.host.restore(sentText);
      this.host.error(refusal.message);
      this.host.changed();
      return;
    }
    // The turn is gone from the buffer (much later, or CoachBot restarted): the stored history has its outcome. What
    // this page already showed stays, should the stored reply have less.
    if (active.turnId) this.host.list.keepShown(active.turnId, active.view.currentText);
    void this.host.reload();
  }

  /** After a reconnection: continue the current reply, or learn which turn is running. */
  async resync(): Promise<void> {
    const connection = this.host.connection;
    if (!connection?.connected) return;
    const active = this.active;
    if (active?.turnId) {
      this.attach();
      return;
    }
    // The first chunk never arrived, or another tab asked something: the server says what is running.
    const running = await connection.invoke<string | null>("GetActiveTurn").catch(() => null);
    if (active && running) {
      this.learn(active, running);
      this.attach();
    } else if (active || running) {
      await this.host.reload();
    }
  }

  /** Cancels the reply being written (`CancelTurn`); it ends as cancelled. */
  async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    if (!active.turnId) {
      // No chunk yet (the model has not started writing): the server knows which turn is running.
      active.cancelRequested = true;
      const running = await this.host.connection?.invoke<string | null>("GetActiveTurn").catch(() => null);
      if (!running || this.active !== active || active.turnId) return;
      this.learn(active, running);
    }
    this.host.stopping(true);
    try {
      await this.host.connection?.invoke<boolean>("CancelTurn", active.turnId);
    } catch (error) {
      this.host.error(asRefusal(error)?.message ?? t.stopFailed);
    } finally {
      this.host.stopping(false);
    }
  }
}
