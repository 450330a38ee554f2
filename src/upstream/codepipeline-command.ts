import {
  type CodePipelineClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-codepipeline';
import { type Command } from '@smithy/types';

/** Any CodePipeline command (`new GetPipelineCommand(...)`), typed by its input and output. */
export type CodePipelineCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  CodePipelineClientResolvedConfig
>;

/** Sends one command on behalf of a caller whose target and priority are already bound. */
export type Send = <I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  command: CodePipelineCommand<I, O>,
) => Promise<O>;
