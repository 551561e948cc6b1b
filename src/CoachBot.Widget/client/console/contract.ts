// The coach REST API's and the console hub's wire shapes (camelCase JSON), as the README's coach console section lists them.

export interface ConversationSummary {
  userId: string;
  conversationId: string;
  channel?: string | null;
  startedAt: string;
  lastMessageAt: string;
  messageCount: number;
  intents: string[];
  rating?: "up" | "down" | null;
  flagged: boolean;
  openFlags: number;
  failedTurns: number;
  cancelledTurns: number;
  tags: string[];
  snippet?: string | null;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor?: string | null;
}

export interface CitedPassage {
  id: string;
  section: string;
  title: string;
  passage?: string | null;
  roleId?: string;
  region?: string;
  contentVersion?: string;
}

export interface TurnReview {
  turnId: string;
  rubric: Rubric;
  correction?: string | null;
  question?: string | null;
  roleId?: string | null;
  region?: string | null;
  approvedAnswerId?: string | null;
  reviewedBy: string;
  reviewedAt: string;
}

export type Rubric = "accurate" | "outdated" | "off-level" | "harmful" | "ungrounded";

export const rubrics: { value: Rubric; label: string }[] = [
  { value: "accurate", label: "Accurate" },
  { value: "outdated", label: "Outdated" },
  { value: "off-level", label: "Off-level" },
  { value: "harmful", label: "Harmful" },
  { value: "ungrounded", label: "Ungrounded" },
];

export interface Message {
  turnId: string;
  role: "user" | "assistant" | "coach";
  text: string;
  at: string;
  status?: string | null;
  errorCode?: string | null;
  intent?: string | null;
  model?: string | null;
  latencyMs?: number | null;
  tokens?: { prompt?: number | null; completion?: number | null } | null;
  citations?: CitedPassage[] | null;
  profileSnapshot?: unknown;
  assessment?: unknown;
  feedback?: { rating: "up" | "down"; comment?: string | null; at?: string } | null;
  review?: TurnReview | null;
}

export type FlagState = "open" | "following-up" | "resolved";

export interface Flag {
  id: string;
  reason: string;
  turnId?: string | null;
  state: FlagState;
  note?: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt?: string;
}

export interface Note {
  id: string;
  text: string;
  createdBy: string;
  createdAt: string;
}

export interface Transcript {
  userId: string;
  conversationId: string;
  channel?: string | null;
  messages: Message[];
  tags: string[];
  flags: Flag[];
  notes: Note[];
}

export interface ReviewRequest {
  rubric: Rubric;
  correction?: string;
  question?: string;
  roleId?: string;
  region?: string;
}

export interface ApprovedAnswer {
  id: string;
  question: string;
  answer: string;
  roleId?: string | null;
  region?: string | null;
  createdBy: string;
  createdAt: string;
}

export interface AnalyticsBucket {
  bucket: string;
  conversations: number;
  turns: number;
  failed: number;
  flaggedShare: number;
  /** Up = 1, down = 0, averaged over rated replies. */
  averageRating?: number | null;
  intents: Record<string, number>;
}

export interface Analytics {
  series: AnalyticsBucket[];
}
