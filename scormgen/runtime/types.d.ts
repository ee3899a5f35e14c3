// The shapes the runtime's modules pass to each other, for the type checker only
// (tsconfig.json): nothing here goes into a package.

/** The settings the build writes into the launch page (render.py, runtime_config). */
export interface Config {
  format: number;
  standard: "scorm12" | "scorm2004" | "xapi" | "cmi5";
  target: string;
  course: { id: string; title: string; version: string; language: string; description: string };
  xapi: { activityId: string; activityBase: string; endpoint: string; auth: string; homePage: string };
  completion: { pages: string; reflections: string };
  objectives: string[];
  messages: { [message: string]: string };
  pages: Array<{ id: string; title: string; reflections: string[] }>;
  /** The SCORM data model the adapter speaks (scormgen/standards/datamodel.py); null for xAPI targets. */
  dataModel: DataModelTable | null;
  dataModel12?: DataModelTable | null;
  /** The limits of the adapter for a launch without an LMS. */
  localLimits: Limits;
}

/** datamodel.runtime_table(): one standard's element names, words and limits. */
export interface DataModelTable {
  apiName: string;
  methods: ApiMethods;
  /** role -> element; optional roles are absent in a standard that has no such element */
  elements: {
    entry: string; status: string; exit: string; learnerId: string; learnerName: string;
    location: string; suspendData: string; sessionTime: string; interactions: string;
    objectives: string; notes: string; progress?: string; notesCount?: string; notesTime?: string; children?: string;
  };
  /** role -> field of each interaction, in the order they are written */
  interaction: { [role: string]: string };
  objectiveStatus: string;
  vocabulary: {
    interactionType: string; incomplete: string; completed: string; suspend: string; resume: string;
    notStarted: string[]; done: string[];
  };
  /** role -> the data type of the time written (time.js formats each) */
  times: { sessionTime: string; interactionTime: string; notesTime?: string };
  /** roles read only when the learner resumes */
  resumeOnly: string[];
  readBack?: { responses: boolean; notes: boolean };
  limits: ScormLimits;
}

export interface ApiMethods {
  initialize: string; getValue: string; setValue: string; commit: string; terminate: string;
  getLastError: string; getErrorString: string; getDiagnostic: string;
}

/** What every adapter keeps cmi.suspend_data to (suspend.js, encodeState). */
export interface Limits {
  suspendData: number;
  suspendBytes?: number;
}

/** A SCORM standard's limits, in characters (and suspendBytes in UTF-8 bytes, 0: none). */
export interface ScormLimits extends Limits {
  suspendBytes: number;
  location: number;
  response: number;
  comments: number;
  description?: number;
}

/** What the adapter knows when the session starts. */
export interface StartInfo {
  connected: boolean;
  // what the LMS kept beyond suspend_data: each interaction's latest response, the notes
  responses?: { [id: string]: string };
  notes?: string;
  entry?: string;
  learnerId?: string;
  learnerName?: string;
  location?: string;
  suspendData?: string;
  status?: string;
}

export interface InteractionRecord { id: string; response: string; time: Date; description?: string }

export interface FitResult { truncated: boolean; limit?: number }

/** The interface every adapter offers (adapter-scorm.js, adapter-local.js). */
export interface Adapter {
  standard: string;
  limits: Limits;
  start(): StartInfo;
  setLocation(pageId: string): void;
  setProgress(fraction: number, completed: boolean): void;
  setObjectives(ids: string[], completed: boolean): void;
  addInteraction(record: InteractionRecord): FitResult;
  setNotes(text: string): FitResult;
  setSuspendData(data: string): void;
  commit(): boolean;
  finish(sessionMs: number): boolean;
}

/** The learner's state, as kept in suspend_data and in the browser. */
export interface State {
  rev: number;
  pagesSeen: string[];
  reflections: { [id: string]: string };
  notes: string;
  truncated: string[];
  drafts?: { [id: string]: string };
  location?: string;
}

export interface LogEntry {
  call: string;
  element?: string;
  value?: unknown;
  error: { code: string; text: string; diagnostic?: string };
}

export interface Log {
  failure(entry: LogEntry): void;
  failures(): LogEntry[];
  onFailure(listener: (entry: LogEntry) => void): void;
}

export interface Storage {
  available: boolean;
  read(key: string): any;
  write(key: string, value: unknown): boolean;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): any;
  clearTimeout(id: any): void;
}

/** Who the learner is and where their statements go. */
export interface Launch {
  endpoint: string;
  auth: string;
  actor: Actor;
  registration: string;
  activityId: string;
  cmi5: boolean;
  contextTemplate?: any;
  sessionId?: string;
  launchMode?: string;
  moveOn?: string;
  returnURL?: string;
  alreadyCompleted?: boolean;
}

export interface Actor {
  objectType: string;
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: { homePage: string; name: string };
}

export interface Statement { id: string; [key: string]: any }

export interface SendResult { ok: boolean; rejected: boolean; status: number; text: string }

export interface Transport {
  send(batch: Statement[]): Promise<SendResult>;
  sendOnUnload(batch: Statement[]): void;
}

export interface Outbox {
  add(statement: Statement): void;
  setTransport(value: Transport): void;
  unload(): void;
  pending(): number;
  onChange(listener: (pending: number) => void): void;
  flush(): void;
}

export interface Reporter {
  ready(launch: Launch): void;
  started(): void;
  pageViewed(pageId: string): void;
  reflectionSubmitted(id: string, text: string, prompt: string): void;
  completed(): void;
  finished(): void;
  wasCompleted(): boolean;
}

declare global {
  interface Window {
    /** The one global the runtime leaves: what the tests and a curious designer look at. */
    scormgen?: { config: Config; session: unknown; log: Log; ui: unknown; outbox: Outbox | null };
  }
}

/** What the session tells the interface (ui.js, notify). */
export type Notify = (kind: string, data: any) => void;
