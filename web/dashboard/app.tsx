import { useEffect, useState } from 'preact/hooks';
import { gql, type GraphQLFailure, resetLiveClient } from './api';
import { ApprovalsInbox } from './approvals';
import { ErrorNote } from './errors';
import { EstateGrid } from './estate-grid';
import { PipelinePage } from './pipeline-page';
import { WHO_AM_I } from './queries';
import { credential, signIn, signOut } from './session';
import { SignIn } from './sign-in';

/** The caller, as `viewer` describes it. */
interface Viewer {
  id: string;
  role: 'viewer' | 'operator' | 'admin';
}

type Session =
  | { phase: 'checking' }
  | { phase: 'signed-out'; error?: GraphQLFailure }
  | { phase: 'failed'; error: GraphQLFailure }
  | { phase: 'signed-in'; viewer: Viewer; upstream: string };

type Route = { page: 'estate' } | { page: 'approvals' } | { page: 'pipeline'; name: string };

function routeOf(hash: string): Route {
  const pipeline = /^#\/pipeline\/(.+)$/.exec(hash);
  if (pipeline?.[1]) return { page: 'pipeline', name: decodeURIComponent(pipeline[1]) };
  if (hash === '#/approvals') return { page: 'approvals' };
  return { page: 'estate' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Controls (start, stop, retry, approvals) are shown to the roles the gateway lets run them. */
function canOperate(viewer: Viewer): boolean {
  return viewer.role === 'operator' || viewer.role === 'admin';
}

/** The dashboard: sign-in when needed, then the estate, a pipeline, or the approvals inbox. */
export function App() {
  const [session, setSession] = useState<Session>({ phase: 'checking' });
  const route = useRoute();
  const check = () => {
    setSession({ phase: 'checking' });
    gql<{ viewer: Viewer; gateway: { upstream: { mode: string } } }>(WHO_AM_I).then(
      (data) => setSession({ phase: 'signed-in', viewer: data.viewer, upstream: data.gateway.upstream.mode }),
      (error: GraphQLFailure) =>
        setSession(
          error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN'
            ? { phase: 'signed-out', error: credential() ? error : undefined }
            : { phase: 'failed', error },
        ),
    );
  };
  useEffect(check, []);

  const header = (
    <header class="top">
      <h1>
        <a href="#/">CodePipeline</a>
      </h1>
      {session.phase === 'signed-in' && (
        <nav>
          <a href="#/" class={route.page === 'estate' ? 'current' : ''}>
            Estate
          </a>
          <a href="#/approvals" class={route.page === 'approvals' ? 'current' : ''}>
            Approvals
          </a>
          <a href="/graphql">GraphiQL</a>
          <span class="who" data-role={session.viewer.role}>
            {session.viewer.id} · {session.viewer.role}
            {session.upstream === 'emulator' ? ' · emulator' : ''}
          </span>
          {credential() && (
            <button
              type="button"
              class="link"
              onClick={() => {
                signOut();
                resetLiveClient();
                check();
              }}
            >
              Sign out
            </button>
          )}
        </nav>
      )}
    </header>
  );

  let body;
  switch (session.phase) {
    case 'checking':
      body = <p>Loading…</p>;
      break;
    case 'signed-out':
      body = (
        <SignIn
          error={session.error}
          onSubmit={(value) => {
            signIn(value);
            resetLiveClient();
            check();
          }}
        />
      );
      break;
    case 'failed':
      body = <ErrorNote error={session.error} />;
      break;
    case 'signed-in': {
      const operate = canOperate(session.viewer);
      body =
        route.page === 'pipeline' ? (
          <PipelinePage key={route.name} name={route.name} canOperate={operate} />
        ) : route.page === 'approvals' ? (
          <ApprovalsInbox canOperate={operate} />
        ) : (
          <EstateGrid canOperate={operate} />
        );
      break;
    }
    default: {
      const never: never = session;
      body = never;
    }
  }
  return (
    <>
      {header}
      <main>{body}</main>
    </>
  );
}
