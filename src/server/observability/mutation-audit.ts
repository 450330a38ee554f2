import { type ApolloServerPlugin } from '@apollo/server';
import { getArgumentValues, Kind } from 'graphql';
import { targetKey } from '../../aws/target';
import { type GatewayContext } from '../../schema/context';
import { type AuditLog, maskSecrets } from './audit';

/** An upstream call a request made, as the audit line names it. */
export interface AuditedCall {
  operation: string;
  requestId?: string;
}

/** What the mutation audit reads beyond Apollo's request: the request id, and the upstream calls made. */
export interface MutationAuditSources {
  /** The HTTP request's id (`x-request-id`), to find its request log line. */
  requestIdOf(context: GatewayContext): string | undefined;
  /** The upstream calls the request made, with CodePipeline's request ids. */
  callsOf?(context: GatewayContext): readonly AuditedCall[];
}

/** CodePipeline reads; everything else a mutation calls is the write it audits. */
const READ = /^(Get|List)/;

/**
 * One `audit` line per mutation field a request ran, written when its
 * answer is ready: the principal, the operation and field, the input with
 * secrets masked, the target, the outcome code (`OK` or the error's code,
 * FORBIDDEN included) and CodePipeline's request id of the write, so a
 * change in CodePipeline can be traced back to who asked for it. A mutation
 * refused before it ran (unparsable, invalid, rate-limited) changed nothing
 * and has its request log line only.
 */
export function mutationAuditPlugin(
  audit: AuditLog,
  sources: MutationAuditSources,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, operationName, response, contextValue, request, schema }) {
          if (operation?.operation !== 'mutation') return;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const fields = schema.getMutationType()?.getFields() ?? {};
          const writes = (sources.callsOf?.(contextValue) ?? []).filter((c) => !READ.test(c.operation));
          for (const selection of operation.selectionSet.selections) {
            if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
            const key = selection.alias?.value ?? selection.name.value;
            const definition = fields[selection.name.value];
            let input: unknown;
            try {
              input = definition
                ? getArgumentValues(definition, selection, request.variables ?? {})
                : undefined;
            } catch {
              input = '[invalid]';
            }
            const failure = errors.find((e) => e.path?.[0] === key);
            audit.write({
              event: 'mutation',
              principal: contextValue.principal?.id ?? null,
              operation: operationName ?? null,
              field: selection.name.value,
              input: maskSecrets(input),
              target: targetKey(contextValue.target),
              outcome: failure ? String(failure.extensions?.code ?? 'INTERNAL') : 'OK',
              upstream: writes.map((c) => ({ operation: c.operation, requestId: c.requestId ?? null })),
              reqId: sources.requestIdOf(contextValue),
            });
          }
        },
      };
    },
  };
}
