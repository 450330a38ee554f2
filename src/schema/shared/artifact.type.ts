import type * as sdk from '@aws-sdk/client-codepipeline';
import { Field, ObjectType } from 'type-graphql';
import { ArtifactLocationType } from './enums';

/** An artifact an action or rule reads, by name, as declared in the pipeline. */
@ObjectType({ simpleResolvers: true, description: 'An input artifact of an action or rule, by name.' })
export class InputArtifact implements sdk.InputArtifact {
  @Field(() => String)
  name!: string;
}

/** An artifact an action produces, as declared in the pipeline. */
@ObjectType({ simpleResolvers: true, description: 'An output artifact of an action.' })
export class OutputArtifact implements sdk.OutputArtifact {
  @Field(() => String)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'Files kept from a Commands action output.' })
  files?: string[];
}

/** Where an executed action's artifact landed in S3, as reported by execution history. */
@ObjectType({ simpleResolvers: true, description: 'An S3 bucket and key.' })
export class S3Location implements sdk.S3Location {
  @Field(() => String, { nullable: true })
  bucket?: string;

  @Field(() => String, { nullable: true })
  key?: string;
}

/** An artifact consumed or produced by one action or rule execution. */
@ObjectType({
  simpleResolvers: true,
  description: 'An artifact of an action or rule execution and where it is stored.',
})
export class ArtifactDetail implements sdk.ArtifactDetail {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => S3Location, { nullable: true })
  s3location?: S3Location;
}

/** The S3 object behind a job artifact. */
@ObjectType({ simpleResolvers: true, description: 'The S3 object a job artifact is stored in.' })
export class S3ArtifactLocation implements sdk.S3ArtifactLocation {
  @Field(() => String)
  bucketName!: string;

  @Field(() => String)
  objectKey!: string;
}

/** Where a job artifact is stored. */
@ObjectType({ simpleResolvers: true, description: 'Where a job artifact is stored.' })
export class ArtifactLocation implements sdk.ArtifactLocation {
  @Field(() => ArtifactLocationType, { nullable: true })
  type?: ArtifactLocationType;

  @Field(() => S3ArtifactLocation, { nullable: true })
  s3Location?: S3ArtifactLocation;
}

/** An artifact handed to a job worker. */
@ObjectType({ simpleResolvers: true, description: 'An artifact a job worker reads or writes.' })
export class Artifact implements sdk.Artifact {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  revision?: string;

  @Field(() => ArtifactLocation, { nullable: true })
  location?: ArtifactLocation;
}
