/**
 * A `.graphql` file of this folder, as `scripts/build-web.mjs` bundles it:
 * its one operation, printed as the persisted-query manifest lists it, with
 * the manifest's id (the SHA-256 of `body`), so a trusted-only gateway knows it.
 */
declare module '*.graphql' {
  const operation: import('../api').Operation;
  export default operation;
}
