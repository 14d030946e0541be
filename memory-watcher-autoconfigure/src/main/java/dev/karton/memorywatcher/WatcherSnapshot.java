package dev.karton.memorywatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Everything the watcher knows at one moment, for endpoints, health and metrics.
 *
 * @param state what the watcher is doing
 * @param memorySource the name of the memory figure, such as {@code rss}, {@code rss-anon},
 * {@code heap} or {@code container}
 * @param baselineBytes the memory figure at the baseline, or {@code -1} before it is taken (during
 * the warm-up, or until the figure is first measured)
 * @param baselineTakenAt when the baseline was taken, or {@code null} before it
 * @param currentBytes the memory figure now, or {@code -1} when it is not measured yet
 * @param processedTasks tasks finished, successful or failed
 * @param failedTasks tasks that finished with an exception
 * @param inFlightTasks tasks started and not yet finished
 * @param elapsed time since the first task started
 * @param rules every configured rule's standing, with the limits in use (after jitter)
 * @param restart the restart once requested, or {@code null} before
 * @param memorySourceDescription what the figure is and where it comes from
 * @param memoryLimitBytes the figure's limit (container limit, maximum heap or physical memory),
 * or {@code -1} when there is none
 * @param memoryLimitDescription what the limit is, such as {@code maximum heap}, or why there is
 * none
 * @param memoryMeasuredAt when the figure was measured: the snapshot's time for figures read live,
 * the end of the last collection that touched old regions for {@code heap}; {@code null} when not
 * measured yet
 * @param baselineWhen when the baseline is taken, such as {@code after 100 tasks}
 * @param breachChecks checks in a row a memory rule must be over its limit to fire
 * @param jitter the jitter drawn for this process ({@link Jitter#NONE} without jitter)
 * @param restartHistory recent restarts, oldest first, from the state file and this process
 * @param restartHold why the restart-storm guard holds a due restart, or {@code null} when it does
 * not ({@link WatcherState#RESTART_HELD})
 */
public record WatcherSnapshot(WatcherState state, String memorySource, long baselineBytes,
		@Nullable Instant baselineTakenAt, long currentBytes, long processedTasks, long failedTasks,
		int inFlightTasks, Duration elapsed, List<RuleStatus> rules, @Nullable RestartReason restart,
		String memorySourceDescription, long memoryLimitBytes, String memoryLimitDescription,
		@Nullable Instant memoryMeasuredAt, String baselineWhen, int breachChecks, Jitter jitter,
		List<RestartRecord> restartHistory, @Nullable RestartHold restartHold) {

	/**
	 * Restarts in {@link #restartHistory()} asked for by each rule, for metrics.
	 * @return rule name to count
	 */
	public Map<String, Long> restartsByRule() {
		return this.restartHistory.stream()
			.collect(Collectors.groupingBy(RestartRecord::rule, TreeMap::new, Collectors.counting()));
	}

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
