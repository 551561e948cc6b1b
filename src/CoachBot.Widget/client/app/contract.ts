// The hub's and the REST API's wire shapes (camelCase JSON), as documented in the README's hub contract.

export type TurnStatus = "streaming" | "completed" | "cancelled" | "failed";

export interface Citation {
  roleId: string;
  region: string;
  sectionId: string;
  sectionTitle: string;
  contentVersion: string;
  passage?: string | null;
}

/** The section id of a citation that points at an answer the coaching team approved; its content version is the answer's id. */
export const approvedAnswerSectionId = "approved-answer";

export interface TurnEnd {
  status: Exclude<TurnStatus, "streaming">;
  length: number;
  citations: Citation[];
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface ReplyChunk {
  turnId: string;
  offset: number;
  delta: string;
  end?: TurnEnd | null;
}

export interface TurnFeedback {
  rating: "up" | "down";
  comment?: string | null;
  submittedAt?: string;
}

export type MessageRole = "user" | "assistant" | "coach";

export interface TranscriptMessage {
  turnId: string;
  role: MessageRole;
  /** For a human coach's message: the coach's name. */
  authorName?: string | null;
  text: string;
  status: TurnStatus;
  createdAt: string;
  citations?: Citation[] | null;
  errorCode?: string | null;
  feedback?: TurnFeedback | null;
}

export interface ConversationHistory {
  conversationId: string;
  messages: TranscriptMessage[];
  hasMore: boolean;
}

/** A human coach's message, pushed as "CoachMessage" and stored in the conversation with role "coach". */
export interface CoachMessage {
  id: string;
  conversationId: string;
  text: string;
  authorName: string;
  at: string;
}

export interface TurnStarted {
  turnId: string;
  conversationId: string;
  acceptedAt: string;
}

export interface SkillEntry {
  name: string;
  proficiency?: number | null;
}

export interface CareerProfile {
  targetRole?: string | null;
  region?: string | null;
  currentTitle?: string | null;
  level?: string | null;
  yearsOfExperience?: number | null;
  skills: SkillEntry[];
  goals: string[];
  certifications: string[];
}

export interface ProfileUpdate {
  targetRole?: string;
  level?: string;
  yearsOfExperience?: number;
  skills?: { name: string; proficiency: number | null }[];
  goals?: string[];
}

export interface IssuedSession {
  token: string;
  expiresAt: string;
  tenantId: string;
  userId: string;
  verified: boolean;
}
