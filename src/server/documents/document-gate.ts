import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '../../schema/errors/error-codes';
import { noIntrospection, withoutSuggestions } from './introspection';
import { type DocumentRequest, type TrustedDocuments } from './trusted-documents';

/** A request the gate refused: HTTP answers it with status 400 and this body. */
export interface RefusedDocument {
  status: 400;
  body: { errors: { message: string; extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_LISTED } }[] };
}

/**
 * Which documents run and what their errors reveal, applied alike to HTTP
 * (before Apollo) and graphql-ws (in `onSubscribe` and its `validate`):
 * trusted documents, the introspection refusal, and no "Did you mean"
 * suggestions while introspection is off.
 */
export interface DocumentGate {
  /** Spread into Apollo's options: this gate's introspection rule replaces Apollo's, whose message is Apollo's. */
  apolloOptions: {
    introspection: true;
    validationRules: ValidationRule[];
    hideSchemaDetailsFromClientErrors: boolean;
  };
  /** An HTTP request's body (POST) and query string (GET), with a trusted id resolved to its text, or a refusal. */
  http(body: unknown, search: string): { body: unknown; search: string } | RefusedDocument;
  /** A graphql-ws `subscribe` payload: a trusted id resolved in place (`payload.query`), or the errors refusing it. */
  subscribe(payload: DocumentRequest & { query: string }): GraphQLError[] | undefined;
  /** graphql-ws's validation, with the same rules as Apollo's. */
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
}

function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const { persistedQuery: _resolved, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function refusal(message: string): RefusedDocument {
  return {
    status: 400,
    body: { errors: [{ message, extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_LISTED } }] },
  };
}

function parsedJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Builds the gate from `INTROSPECTION` and the trusted documents (none: every document runs as sent). */
export function documentGate(options: { introspection: boolean; trusted?: TrustedDocuments }): DocumentGate {
  const { introspection, trusted } = options;
  const rules = introspection ? [] : [noIntrospection];
  const allRules = [...specifiedRules, ...rules];
  return {
    apolloOptions: {
      introspection: true,
      validationRules: rules,
      hideSchemaDetailsFromClientErrors: !introspection,
    },
    http(body, search) {
      if (!trusted) return { body, search };
      if (body !== undefined && body !== '') {
        // A POST: a JSON object (a batch, an array, is never a listed document).
        const request = (
          typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}
        ) as Record<string, unknown>;
        const decision = trusted.decide(request);
        if (decision.kind === 'refused') return refusal(decision.message);
        if (decision.kind === 'as-sent') return { body, search };
        // Apollo reads only the text; an `extensions` key, even undefined, must be an object.
        const { documentId: _id, extensions: _extensions, ...rest } = request;
        const extensions = withoutPersistedQuery(request.extensions);
        return {
          body: { ...rest, query: decision.operation.body, ...(extensions ? { extensions } : {}) },
          search,
        };
      }
      const params = new URLSearchParams(search);
      const extensions = parsedJson(params.get('extensions'));
      const decision = trusted.decide({
        query: params.get('query') ?? undefined,
        documentId: params.get('documentId') ?? undefined,
        extensions,
      });
      if (decision.kind === 'refused') return refusal(decision.message);
      if (decision.kind === 'as-sent') return { body, search };
      params.set('query', decision.operation.body);
      params.delete('documentId');
      const rest = withoutPersistedQuery(extensions);
      if (rest) params.set('extensions', JSON.stringify(rest));
      else params.delete('extensions');
      return { body, search: `?${params.toString()}` };
    },
    subscribe(payload) {
      if (!trusted) return undefined;
      const decision = trusted.decide(payload);
      if (decision.kind === 'refused') {
        return [
          new GraphQLError(decision.message, { extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_LISTED } }),
        ];
      }
      if (decision.kind === 'trusted') payload.query = decision.operation.body;
      return undefined;
    },
    validate(schema, document) {
      const errors = validate(schema, document, allRules);
      return introspection ? errors : errors.map(withoutSuggestions);
    },
  };
}
