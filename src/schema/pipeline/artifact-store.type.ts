import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ArtifactStoreType } from '../shared/enums';
import { EncryptionKey } from '../shared/common.type';

/** The S3 bucket a pipeline keeps its artifacts in. */
@ObjectType({
  simpleResolvers: true,
  description: 'The S3 bucket (and optional KMS key) a pipeline stores artifacts in.',
})
export class ArtifactStore implements sdk.ArtifactStore {
  @Field(() => ArtifactStoreType)
  type!: ArtifactStoreType;

  @Field(() => String, { description: 'The bucket name.' })
  location!: string;

  @Field(() => EncryptionKey, { nullable: true, description: 'Null means the AWS managed S3 key.' })
  encryptionKey?: EncryptionKey;
}
