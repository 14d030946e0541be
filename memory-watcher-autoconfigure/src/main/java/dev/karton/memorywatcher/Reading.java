package dev.karton.memorywatcher;

/**
 * The figures a rule is checked against, taken at one moment.
 *
 * @param finishedTasks tasks finished since the process started, successful or failed
 * @param elapsedNanos time since the baseline, or {@code 0} before it is taken
 * @param baselineBytes the memory figure at the baseline, or {@code -1} before it is taken
 * @param currentBytes the memory figure now, or {@code -1} when no rule needed it
 */
public record Reading(long finishedTasks, long elapsedNanos, long baselineBytes, long currentBytes) {

	/**
	 * Whether the baseline has been taken.
	 * @return {@code true} once the first task started
	 */
	public boolean hasBaseline() {
		return this.baselineBytes >= 0;
	}

	/**
	 * Memory grown since the baseline.
	 * @return bytes over the baseline (negative when memory shrank), or {@code 0} when either
	 * figure is missing
	 */
	public long growthBytes() {
		return (hasBaseline() && this.currentBytes >= 0) ? this.currentBytes - this.baselineBytes : 0;
	}

}
