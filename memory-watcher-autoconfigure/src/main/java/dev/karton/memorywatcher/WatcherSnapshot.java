package dev.karton.memorywatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything the watcher knows at one moment, for endpoints, health and metrics.
 *
 * @param state what the watcher is doing
 * @param memorySource the name of the memory figure, such as {@code rss}
 * @param baselineBytes the memory figure before the first task, or {@code -1} before it
 * @param baselineTakenAt when the baseline was taken, or {@code null} before it
 * @param currentBytes the memory figure now
 * @param processedTasks tasks finished, successful or failed
 * @param failedTasks tasks that finished with an exception
 * @param inFlightTasks tasks started and not yet finished
 * @param elapsed time since the baseline
 * @param rules every configured rule's standing
 * @param restart the restart once requested, or {@code null} before
 */
public record WatcherSnapshot(WatcherState state, String memorySource, long baselineBytes,
		@Nullable Instant baselineTakenAt, long currentBytes, long processedTasks, long failedTasks,
		int inFlightTasks, Duration elapsed, List<RuleStatus> rules, @Nullable RestartReason restart) {

	/**
	 * Whether both the baseline and the current memory figure are known, so that growth means
	 * something.
	 * @return {@code false} before the baseline or while the memory figure cannot be read
	 */
	public boolean hasGrowth() {
		return this.baselineBytes >= 0 && this.currentBytes >= 0;
	}

	/**
	 * Memory grown since the baseline.
	 * @return bytes over the baseline (negative when memory shrank), or {@code 0} without
	 * {@link #hasGrowth() growth}
	 */
	public long growthBytes() {
		return hasGrowth() ? this.currentBytes - this.baselineBytes : 0;
	}

	/**
	 * Memory grown since the baseline, relative to the baseline: {@code 0.5} is 50% over it.
	 * @return the ratio, or {@link Double#NaN} without {@link #hasGrowth() growth} or with a zero
	 * baseline
	 */
	public double growthRatio() {
		return (hasGrowth() && this.baselineBytes > 0) ? (double) growthBytes() / this.baselineBytes : Double.NaN;
	}

}
