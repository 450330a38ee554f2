/**
 * Who is asking for a CodePipeline call, in the order the budget serves
 * them. A write is a user's action and waits least; an interactive read is a
 * user looking; the poller is the gateway watching on their behalf, and it
 * slows down rather than push a user's query into throttling.
 */
export type CallPriority = 'write' | 'interactive' | 'poller';

/** Every priority, highest first: the order waiting calls are served in. */
export const PRIORITIES: readonly CallPriority[] = ['write', 'interactive', 'poller'];

/** The priorities a user's request reads at: interactive, or write for a mutation's read-back. */
export type RequestPriority = Exclude<CallPriority, 'poller'>;
