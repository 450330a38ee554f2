import { parseConfig } from '../../src/server/config';
import { startGateway } from '../../src/server/gateway';
import { serveAsChild } from '../lib/child-entry';

/** The real gateway, as a child process, configured from the environment exactly as `npm start` is. */
serveAsChild(async () => {
  const gateway = await startGateway(parseConfig(process.env));
  return { url: gateway.url, close: () => gateway.close() };
});
