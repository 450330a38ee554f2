import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { serveApollo } from '../lib/apollo-http';
import { serveAsChild } from '../lib/child-entry';
import { DASHBOARD_SDL, naiveResolvers } from './schema';

/** The naive gateway, as a child process: `CODEPIPELINE_ENDPOINT` names the upstream. */
serveAsChild(async () => {
  const endpoint = process.env.CODEPIPELINE_ENDPOINT;
  if (endpoint === undefined) throw new Error('CODEPIPELINE_ENDPOINT is required');
  const client = new CodePipelineClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
    maxAttempts: 1,
  });
  const served = await serveApollo(DASHBOARD_SDL, naiveResolvers(client));
  return {
    url: served.url,
    close: async () => {
      await served.close();
      client.destroy();
    },
  };
});
