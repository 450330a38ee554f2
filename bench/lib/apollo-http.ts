import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptionsWithTypeDefs, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { apolloHandler } from '../../src/server/http';
import { type Served } from './child-entry';

/**
 * Apollo Server 5 on `node:http` at 127.0.0.1:<free port>/graphql, through the
 * gateway's own `apolloHandler`, so a comparison with the gateway differs in
 * the schema and resolvers only, not in the HTTP layer.
 */
export async function serveApollo(
  typeDefs: string,
  resolvers: ApolloServerOptionsWithTypeDefs<BaseContext>['resolvers'],
): Promise<Served> {
  const server = createServer();
  const apollo = new ApolloServer<BaseContext>({
    typeDefs,
    resolvers,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server })],
  });
  await apollo.start();
  const handle = apolloHandler(apollo, async () => ({}));
  server.on('request', (req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/graphql') {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      console.error('request failed', err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => apollo.stop() };
}
