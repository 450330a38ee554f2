import { ArtifactStoreType, EncryptionKeyType } from '@aws-sdk/client-codepipeline';
import { awsError } from '../core/errors';
import { type Json, optionalObj, requireEnumValue, requireObj, requireStr } from './fields';
import { BUCKET_RULE, REGION_RULE } from './patterns';

function checkStore(path: string, raw: unknown): void {
  const store = requireObj(path, raw);
  requireEnumValue(`${path}.type`, store.type, Object.values(ArtifactStoreType));
  requireStr(`${path}.location`, store.location, BUCKET_RULE);
  const key = optionalObj(`${path}.encryptionKey`, store.encryptionKey);
  if (key) {
    requireStr(`${path}.encryptionKey.id`, key.id, { min: 1, max: 400 });
    requireEnumValue(`${path}.encryptionKey.type`, key.type, Object.values(EncryptionKeyType));
  }
}

/**
 * Checks the pipeline's artifact store(s) and returns the Regions that have
 * one (undefined for a single `artifactStore`, which serves the pipeline's
 * own Region only). Exactly one of `artifactStore` and `artifactStores` must
 * be given; artifactStores must cover the pipeline's Region.
 */
export function checkArtifactStores(pipeline: Json, pipelineRegion: string): Set<string> | undefined {
  const single = pipeline.artifactStore;
  const multi = pipeline.artifactStores;
  const hasSingle = single !== undefined && single !== null;
  const hasMulti = multi !== undefined && multi !== null;
  if (hasSingle === hasMulti) {
    throw awsError(
      'InvalidStructureException',
      'A pipeline must declare exactly one of artifactStore and artifactStores',
    );
  }
  if (hasSingle) {
    checkStore('pipeline.artifactStore', single);
    return undefined;
  }
  const stores = requireObj('pipeline.artifactStores', multi);
  for (const [region, store] of Object.entries(stores)) {
    requireStr('pipeline.artifactStores.key', region, REGION_RULE);
    checkStore(`pipeline.artifactStores.${region}`, store);
  }
  const regions = new Set(Object.keys(stores));
  if (!regions.has(pipelineRegion)) {
    throw awsError(
      'InvalidStructureException',
      `artifactStores must include an artifact store for the pipeline's Region ${pipelineRegion}`,
    );
  }
  return regions;
}
