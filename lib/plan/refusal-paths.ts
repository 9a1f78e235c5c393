/**
 * Where a refusal points. Planners build every DeepSeekConfigError path through a `PathOf` their
 * caller hands them, so a refusal names the field as the caller wrote it (for DeepSeekCluster:
 * `<id>.placements.1.traffic.requestTimeoutSeconds`) by construction, with no catch-and-rethrow.
 * Pure.
 */

/** Maps a planner's own field path (`autoscaling.replicas.min`, `hardware`) to the caller's. */
export type PathOf = (field: string) => string;

/** Paths exactly as the planner names them: the caller passed the planner's input as is. */
export const asWritten: PathOf = (field) => field;

/** Joins path parts, skipping empty ones. */
export function joinPath(...parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join(".");
}

/** Every path under `prefix` (`hardware` -> `<prefix>.hardware`). */
export function under(prefix: string): PathOf {
  return (field) => joinPath(prefix, field);
}
