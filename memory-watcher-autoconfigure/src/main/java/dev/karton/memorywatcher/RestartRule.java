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
	 * Whether the rule compares memory with the baseline, so that it cannot fire before the
	 * baseline is taken; absolute rules fire during the warm-up too.
	 * @return {@code true} for growth rules
	 */
	default boolean measuresGrowth() {
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
		return proceedTasks(tasks, Jitter.NONE);
	}

	/**
	 * Restart after this many finished tasks, scaled by the process's jitter.
	 * @param tasks the configured number of tasks, at least 1
	 * @param jitter the process's jitter
	 * @return the rule
	 */
	static RestartRule proceedTasks(long tasks, Jitter jitter) {
		return new ProceedTasksRule(tasks, jitter);
	}

	/**
	 * Restart once this much time has passed since the first task started.
	 * @param elapsed the time, positive
	 * @return the rule
	 */
	static RestartRule elapsedTime(Duration elapsed) {
		return elapsedTime(elapsed, Jitter.NONE);
	}

	/**
	 * Restart once this much time, scaled by the process's jitter, has passed since the first task
	 * started.
	 * @param elapsed the configured time, positive
	 * @param jitter the process's jitter
	 * @return the rule
	 */
	static RestartRule elapsedTime(Duration elapsed, Jitter jitter) {
		return new ElapsedTimeRule(elapsed, jitter);
	}

	/**
	 * Restart when the memory figure reaches this many bytes, baseline or not.
	 * @param bytes the number of bytes, positive
	 * @return the rule
	 */
	static RestartRule maxMemory(long bytes) {
		return MaxMemoryRule.ofBytes(bytes);
	}

	/**
	 * Restart when the memory figure reaches this percent of its limit: the container limit, the
	 * maximum heap or the machine's memory, as read by the probe.
	 * @param percent the percent, above 0 and at most 100
	 * @param probe the memory figure, which must have a limit
	 * @return the rule
	 * @throws IllegalArgumentException when the percent is out of range or the figure has no limit
	 */
	static RestartRule maxMemoryPercentOfLimit(double percent, MemoryProbe probe) {
		return MaxMemoryRule.ofPercentOfLimit(percent, probe);
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
