// The project carries no @types/react: GraphiQL's entry needs only these two calls.
declare module 'react' {
  export function createElement(type: unknown, props?: Record<string, unknown>): unknown;
}
declare module 'react-dom/client' {
  export function createRoot(container: Element): { render(element: unknown): void };
}
