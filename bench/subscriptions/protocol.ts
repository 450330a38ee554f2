/** Messages between the subscriptions bench (parent) and its client processes. */

/** Opens subscribers `from` to `to - 1`; subscriber i watches `pipelines[i % pipelines.length]`. */
export interface OpenCommand {
  type: 'open';
  url: string;
  from: number;
  to: number;
  pipelines: string[];
}

/** Disposes every subscriber this process holds. */
export interface CloseCommand {
  type: 'close';
}

/** Asks what was received for events detected in `[fromMs, toMs)`. */
export interface ReportCommand {
  type: 'report';
  fromMs: number;
  toMs: number;
}

export type Command = OpenCommand | CloseCommand | ReportCommand;

export interface OpenedReply {
  type: 'opened';
  open: number;
}

export interface ClosedReply {
  type: 'closed';
}

/** What one client process received in a window. */
export interface WindowReport {
  type: 'report';
  /** Receive time minus `detectedAt`, ms, one entry per delivery. */
  latenciesMs: number[];
  /** Per pipeline: every cursor any subscriber here received, and each subscriber's count. */
  pipelines: Record<string, { cursors: string[]; counts: number[] }>;
  /** Subscriptions that ended with an error or closed, over the whole run so far. */
  errors: number;
  completed: number;
  /** The first few error messages, for the log. */
  errorSamples: string[];
}

export type Reply = OpenedReply | ClosedReply | WindowReport;
