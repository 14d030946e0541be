package dev.karton.memorywatcher;

import java.time.Instant;

/**
 * One restart in the restart history kept across processes.
 *
 * @param at when the restart was requested
 * @param rule the rule that fired, or {@link RestartReason#MANUAL}
 * @param memorySource the memory figure's name, such as {@code rss}
 * @param memoryBytes the memory figure then, or {@code -1} when not measured
 * @param baselineBytes the baseline then, or {@code -1} before it was taken
 * @param finishedTasks tasks finished by the process that restarted
 * @param message the logged sentence with the figures
 */
public record RestartRecord(Instant at, String rule, String memorySource, long memoryBytes, long baselineBytes,
		long finishedTasks, String message) {

	/**
	 * Whether a rule, rather than a person or code, asked for this restart: only those count
	 * towards the restart-storm guard.
	 * @return {@code true} unless the restart was manual
	 */
	public boolean byRule() {
		return !RestartReason.MANUAL.equals(this.rule);
	}

}
