import { Resolver } from 'type-graphql';

/** (Stub: filled in by its owner.) */
@Resolver()
export class JobMutationResolver {}
