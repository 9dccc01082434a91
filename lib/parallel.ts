/** Tasks in flight at once (DynamoDB batches, models): enough to hide round trips, few enough not to swamp a table. */
const PARALLEL = 8;

/**
 * Runs the tasks with at most `limit` of them at a time. After a failure no task starts, and the first error is thrown
 * once the running ones have ended: nothing is still writing when the caller handles it.
 */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit = PARALLEL): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
