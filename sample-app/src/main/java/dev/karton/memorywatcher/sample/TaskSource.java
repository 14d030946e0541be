package dev.karton.memorywatcher.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where the consumer takes tasks from: the embedded source or karton's Redis queues
 * ({@code sample.source}). Safe for several consumer threads: each task is handed out once.
 */
interface TaskSource {

	/**
	 * Takes the next task, waiting up to the timeout as a broker poll would.
	 * @param timeout the longest wait when no task is there
	 * @return the task, or {@code null} when none came in time (or the source is unreachable)
	 * @throws InterruptedException if the consumer is interrupted while waiting
	 */
	@Nullable SourceTask poll(Duration timeout) throws InterruptedException;

}
