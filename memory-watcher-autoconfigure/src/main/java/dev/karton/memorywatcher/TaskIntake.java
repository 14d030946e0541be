package dev.karton.memorywatcher;

import java.time.Duration;

/**
 * Something that takes tasks from outside and hands them to the watcher: a listener container, a
 * consumer loop. When a restart is requested, every intake is stopped first, then the watcher
 * waits for in-flight tasks, so that no task taken from a queue is left unprocessed.
 */
@FunctionalInterface
public interface TaskIntake {

	/**
	 * Stops taking new tasks and returns once every task already taken has started (or been handed
	 * back to its queue). Called once, on the exit thread, never on a consumer thread.
	 * @param timeout the longest this call may wait; it returns then even if the intake has not
	 * stopped
	 * @throws InterruptedException if the exit thread is interrupted
	 */
	void stopIntake(Duration timeout) throws InterruptedException;

}
