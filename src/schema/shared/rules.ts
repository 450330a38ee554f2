import { IsOptional, Length, Matches, Max, Min, IsInt } from 'class-validator';

type Decorator = PropertyDecorator;

function all(...decorators: Decorator[]): Decorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/**
 * The characters of pipeline, stage and action names, as messages show them: the hyphen comes last, so no one
 * reads `@-_` as the range from `@` to `_` (which would let `[`, `\\`, `]` and `^` in).
 */
export const NAME_CHARACTERS = '[A-Za-z0-9.@_-]';

/** The reference's pattern for pipeline, stage and action names (1 to 100 of {@link NAME_CHARACTERS}). */
export const NAME_PATTERN = /^[A-Za-z0-9.@_-]+$/;

/** A pipeline, stage or action name: 1 to 100 of {@link NAME_CHARACTERS}. */
export function IsResourceName(): Decorator {
  return all(Length(1, 100), Matches(NAME_PATTERN, { message: `$property must match ${NAME_CHARACTERS}+` }));
}

/** An execution id (a UUID upstream). */
export function IsExecutionId(): Decorator {
  return all(Matches(/^[0-9a-f-]{1,100}$/, { message: '$property must be an execution id' }));
}

/** A UUID-shaped token or job id. */
export function IsUuid(): Decorator {
  return Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: '$property must be a UUID',
  });
}

/** A string of bounded length, optionally matching a pattern. */
export function IsText(min: number, max: number, pattern?: RegExp): Decorator {
  return pattern
    ? all(Length(min, max), Matches(pattern, { message: `$property must match ${pattern.source}` }))
    : Length(min, max);
}

/** An optional member: skip the rules when it is absent. */
export const Optional = IsOptional;

/** An integer within a range. */
export function IsIntIn(min: number, max: number): Decorator {
  return all(IsInt(), Min(min), Max(max));
}
