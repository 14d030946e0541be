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

}
