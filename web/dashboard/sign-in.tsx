import { useState } from 'preact/hooks';
import { type GraphQLFailure } from './api';
import { ErrorNote } from './errors';

/** Asks for an API key or a JWT. What is pasted stays in this tab's sessionStorage only. */
export function SignIn({
  onSubmit,
  error,
}: {
  onSubmit: (credential: string) => void;
  error?: GraphQLFailure;
}) {
  const [value, setValue] = useState('');
  return (
    <form
      class="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value);
      }}
    >
      <h2>Sign in</h2>
      <p>
        Paste an API key or a JWT. It is kept in this tab's session storage only, and forgotten when the tab
        closes.
      </p>
      <label>
        API key or JWT
        <input
          name="credential"
          type="password"
          autocomplete="off"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Sign in</button>
      <ErrorNote error={error} />
    </form>
  );
}
