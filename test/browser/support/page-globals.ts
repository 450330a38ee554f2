/**
 * What the tests' in-page functions use of the browser. The tests compile
 * without the DOM's types (the project's are Node's); the casts vanish at
 * run time, where these are the page's real globals.
 */
export interface PageGlobals {
  document: {
    cookie: string;
    body: { textContent: string | null };
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  /** Set by a test to tell a reload (which would clear it) from a live update. */
  stayed?: boolean;
}
