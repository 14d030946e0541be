package dev.karton.memorywatcher;

import java.time.Duration;

/**
 * A condition under which the consumer should be restarted between tasks. Rules hold no state, so
 * one instance is checked from any thread.
 */
public interface RestartRule {

	/**
	 * The rule's name, the same as its property, such as {@code proceed-tasks}.
	 * @return the rule's name
	 */
	String name();

	/**
	 * The limit, formatted for people, such as {@code 100} or {@code 15 MB}.
	 * @return the formatted limit
	 */
	String limit();

	/**
	 * Whether the rule fires for these figures.
	 * @param reading the figures now
	 * @return {@code true} when the limit is reached
	 */
	boolean isReached(Reading reading);

	/**
	 * How close the rule is to firing.
	 * @param reading the figures now
	 * @return {@code 0} far away, {@code 1} or more when it fires
	 */
	double progress(Reading reading);

	/**
	 * The value compared with the limit, formatted like {@link #limit()}.
	 * @param reading the figures now
	 * @return the formatted current value
	 */
	String current(Reading reading);

	/**
	 * Whether the rule needs a fresh memory figure in its reading.
	 * @return {@code true} for memory rules
	 */
	default boolean needsMemory() {
		return false;
	}

	/**
	 * The number of finished tasks from which this rule may fire, so that the watcher can skip
	 * checks on the hot path until then.
	 * @return the task count, or {@link Long#MAX_VALUE} when the rule does not count tasks
	 */
	default long firstTaskCountThatCanFire() {
		return Long.MAX_VALUE;
	}

	/**
	 * The time after the baseline from which this rule may fire, so that the watcher can skip
	 * checks on the hot path until then.
	 * @return nanoseconds after the baseline, or {@link Long#MAX_VALUE} when the rule does not
	 * measure time
	 */
	default long firstElapsedNanosThatCanFire() {
		return Long.MAX_VALUE;
	}

	/**
	 * Restart after this many finished tasks (successful or failed).
	 * @param tasks the number of tasks, at least 1
	 * @return the rule
	 */
	static RestartRule proceedTasks(long tasks) {
		return new ProceedTasksRule(tasks);
	}

	/**
	 * Restart once this much time has passed since the baseline.
	 * @param elapsed the time, positive
	 * @return the rule
	 */
	static RestartRule elapsedTime(Duration elapsed) {
		return new ElapsedTimeRule(elapsed);
	}

	/**
	 * Restart when memory exceeds the baseline by this percent (100 means twice the baseline).
	 * @param percent the percent, positive
	 * @return the rule
	 */
	static RestartRule extraConsumedMemoryPercent(double percent) {
		return new ExtraConsumedMemoryPercentRule(percent);
	}

	/**
	 * Restart when memory exceeds the baseline by this many bytes.
	 * @param bytes the number of bytes, positive
	 * @return the rule
	 */
	static RestartRule extraConsumedBytes(long bytes) {
		return new ExtraConsumedBytesRule(bytes);
	}

}
