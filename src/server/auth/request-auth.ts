import { type IncomingMessage } from 'node:http';
import { type Authenticator, type CredentialSource } from './authenticator';
import { type AuthOutcome } from './outcome';

/**
 * Authenticates each request once. The rate limiter needs the principal
 * before Apollo runs and the context needs it again; a graphql-ws connection
 * asks on every subscribe. Verifying a JWT or hashing a key each time would
 * be work done twice on the hot path, so the outcome is kept per request
 * (per upgrade request, for a WebSocket connection) for as long as it lives.
 */
export class RequestAuthenticator {
  private readonly outcomes = new WeakMap<IncomingMessage, Promise<AuthOutcome>>();

  constructor(private readonly authenticator: Pick<Authenticator, 'authenticate'>) {}

  /** The outcome for this request; `source` is read only the first time. */
  authenticate(request: IncomingMessage, source: CredentialSource): Promise<AuthOutcome> {
    let outcome = this.outcomes.get(request);
    if (!outcome) {
      outcome = this.authenticator.authenticate(source);
      this.outcomes.set(request, outcome);
    }
    return outcome;
  }
}
