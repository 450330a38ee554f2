import { type GraphQLFailure } from './api';

/** A refused or failed request, as the user sees it: the gateway's message and its code. */
export function ErrorNote({ error }: { error: GraphQLFailure | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-error-code={error.code}>
      {error.message} <code>{error.code}</code>
    </p>
  );
}
