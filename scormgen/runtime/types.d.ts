// The shapes the runtime's modules pass to each other, for the type checker only
// (tsconfig.json): nothing here goes into a package.

/** The settings the build writes into the launch page (render.py, runtime_config). */
export interface Config {
  format: number;
  standard: "scorm12" | "scorm2004" | "xapi" | "cmi5";
  target: string;
  course: { id: string; title: string; version: string; language: string; description: string;
            /** the course in other languages (course.yml translations) */
            editions?: Array<{ language: string; title: string }> };
  xapi: { activityId: string; activityBase: string; endpoint: string; auth: string; homePage: string };
  completion: { pages: string; reflections: string };
  objectives: string[];
  messages: { [message: string]: string };
  /** each page, with the script holding its content (pages.js); `questions` only in a course that has some */
  pages: Array<{ id: string; title: string; reflections: string[]; file: string; questions?: string[] }>;
  /** each reflection's prompt as plain text: id -> prompt */
  prompts: { [id: string]: string };
  /** The SCORM data model the adapter speaks (scormgen/standards/datamodel.py); null for xAPI targets. */
  dataModel: DataModelTable | null;
  dataModel12?: DataModelTable | null;
  /** The limits of the adapter for a launch without an LMS. */
  localLimits: Limits;
  /** A course with questions only (render.py): each question, every id in course order, the passing score in percent. */
  questions?: { [id: string]: Question };
  questionOrder?: string[];
  masteryScore?: number | null;
}

/** A knowledge check as the runtime needs it (config.questions). */
export interface Question {
  page: string;
  /** "choice" (single and multiple) or "true-false": the interaction type, in SCORM and xAPI alike */
  type: string;
  multiple: boolean;
  /** option ids in source order; [] for true-false (whose answers are "true" and "false") */
  options: string[];
  correct: string[];
  attempts: number;
  shuffle: boolean;
  /** the prompt and the options' texts as plain text */
  prompt: string;
  choices: { [id: string]: string };
}

/** A question's latest check: the options chosen (source order), the attempts used, whether it was right. */
export interface Answer { response: string[]; attempts: number; correct: boolean }

/** The course's score (quiz.js, courseScore): raw in percent, scaled 0..1; passed once every question is answered and a mastery score is set. */
export interface Score {
  total: number; answered: number; correct: number; raw: number; scaled: number;
  complete: boolean; mastery: number | null; passed: boolean | null;
}

/** How a standard writes a response: a choice's "by" ("letter" or "id") and "delimiter"; a true-false's words. */
export interface ResponseFormat { by?: string; delimiter?: string; [word: string]: string | undefined }

/** datamodel.runtime_table(scored=True).scoring: what the adapter writes for a course with questions. */
export interface ScoringTable {
  elements: { scoreRaw: string; scoreMin: string; scoreMax: string; scoreScaled?: string; success?: string; mastery?: string };
  interaction: { pattern: string; result: string; weighting: string; latency: string };
  vocabulary: { correct: string; incorrect: string; passed: string; failed: string; unknown?: string };
  responses: { [type: string]: ResponseFormat };
  /** the LMS's mastery value times this is a percentage */
  masteryScale: number;
  times: { latency: string };
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
  /** a course with questions only */
  scoring?: ScoringTable;
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

/** A question checked, as the adapter writes it (each standard in its own format). */
export interface AnswerRecord {
  id: string; type: string; options: string[]; chosen: string[]; correct: string[]; right: boolean;
  time: Date; latencyMs: number; description: string;
}

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
  /** a question checked: one more interaction (a course with questions) */
  addAnswer(record: AnswerRecord): void;
  /** the course's score and verdict; called in a course with questions at the start and after each check */
  setScore(score: Score): void;
  /** the passing score the LMS gives, in percent, or null */
  masteryScore(): number | null;
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
  /** each question checked: its latest answer */
  questions?: { [id: string]: Answer };
  /** the course verdict the LRS was sent last ("passed", "failed"; xAPI and cmi5) */
  outcome?: string;
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
  /** cmi5: the masteryScore of LMS.LaunchData (0..1), which wins over the course's */
  masteryScore?: number | null;
  /** cmi5 Learner Preferences (Agent Profile cmi5LearnerPreferences), when the LMS has them */
  preferences?: { languagePreference?: string; audioPreference?: string } | null;
  /** the learner's resume document in the LRS State API (lrs-state.js), read at launch */
  resume?: ResumeDocument | null;
  /** how this launch's state document is reached; absent: the state stays in this browser */
  stateDocument?: StateDocument | null;
}

/** What the runtime keeps in the LRS State API to resume in another browser. */
export interface ResumeDocument {
  format: number;
  /** the state as suspend.js encodes it (its revision inside) */
  suspendData: string;
  location: string;
  completed: boolean;
}

export interface StateDocument {
  read(): Promise<ResumeDocument | null>;
  write(document: ResumeDocument): void;
  settled(): boolean;
  writeOnUnload(document: ResumeDocument): void;
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
  add(statement: Statement, options?: { alone?: boolean }): void;
  /** `accepts`: the statements this transport may carry (default: all). */
  setTransport(value: Transport, accepts?: (statement: Statement) => boolean): void;
  find(wanted: (statement: Statement) => boolean): Statement[];
  take(wanted: (statement: Statement) => boolean): Statement[];
  unload(): void;
  unsure(): string[];
  pending(): number;
  rejected(): Statement[];
  onChange(listener: (pending: number) => void): void;
  onRejected(listener: (statements: Statement[], status: number) => void): void;
  /** the LRS has these (a 409 for one alone counts: it had it already) */
  onDelivered(listener: (statements: Statement[]) => void): void;
  flush(): void;
}

export interface Reporter {
  ready(launch: Launch): void;
  started(): void;
  pageViewed(pageId: string): void;
  reflectionSubmitted(id: string, text: string, prompt: string): void;
  /** a question checked (answered) */
  questionAnswered(id: string, ids: string[], right: boolean): void;
  /** the course's verdict, sent as passed or failed when the rules let it go; `sent`: the verdict
   *  sent in an earlier session; `record` is told each verdict sent */
  judge(verdict: () => Score, sent: string, record: (verb: string) => void): void;
  completed(): void;
  finished(): void;
  wasCompleted(): boolean;
  /** statements an earlier session of this launch's learner could not deliver, sent again as this session's */
  reissue(statements: Statement[]): void;
}

declare global {
  interface Window {
    /** The one global the runtime leaves: what the tests and a curious designer look at. */
    scormgen?: { config: Config; session: unknown; log: Log; ui: unknown; outbox: Outbox | null };
  }
}

/** What the interface may ask of the launch (main.js). */
export interface UiActions {
  /** where Exit leads (cmi5's returnURL); "" hides Exit */
  returnURL: string;
  /** ends the session, waits for the LMS to take it, then goes to returnURL */
  exit(): void;
  /** the statements the LRS refused, kept in this browser */
  refused(): Statement[];
}

/** What the session tells the interface (ui.js, notify). */
export type Notify = (kind: string, data: any) => void;
