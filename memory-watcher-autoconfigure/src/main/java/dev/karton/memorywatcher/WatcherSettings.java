package dev.karton.memorywatcher;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the watcher applies its rules, beyond the rules themselves: when the baseline is taken, how
 * many checks a memory rule must fail in a row, the jitter drawn for this process, where the
 * restart history lives and how many restarts the storm guard allows.
 *
 * @param baselineAfterTasks finished tasks before the baseline is taken; {@code 0} takes it when
 * the first task starts
 * @param baselineAfter time after the first task started before the baseline is taken; zero for
 * none
 * @param breachChecks consecutive checks a memory rule must be over its limit before it fires, at
 * least 1
 * @param jitter the jitter drawn for this process, shown in reports (the rules already apply it)
 * @param historyFile where the restart history is kept, or {@code null} to keep none
 * @param maxRestarts restarts by rules allowed within {@code restartWindow} before the storm guard
 * holds the next one; {@code 0} for no limit
 * @param restartWindow the window {@code maxRestarts} counts in, positive
 * @param memoryReadInterval the shortest time between two memory readings taken as tasks finish;
 * zero reads after every task
 */
public record WatcherSettings(long baselineAfterTasks, Duration baselineAfter, int breachChecks, Jitter jitter,
		@Nullable RestartHistoryFile historyFile, int maxRestarts, Duration restartWindow, Duration memoryReadInterval) {

	/** The seed's behaviour: baseline before the first task, one breach fires, no jitter, no history. */
	public static final WatcherSettings DEFAULTS = new WatcherSettings(0, Duration.ZERO, 1, Jitter.NONE, null, 0,
			Duration.ofHours(1), Duration.ZERO);

	/**
	 * Checks the settings.
	 * @param baselineAfterTasks at least 0
	 * @param baselineAfter zero or positive
	 * @param breachChecks at least 1
	 * @param jitter the jitter
	 * @param historyFile the file, or {@code null}
	 * @param maxRestarts at least 0
	 * @param restartWindow positive
	 */
	public WatcherSettings {
		if (baselineAfterTasks < 0) {
			throw new IllegalArgumentException("baseline.after-tasks must be 0 or more, was " + baselineAfterTasks);
		}
		if (baselineAfter.isNegative()) {
			throw new IllegalArgumentException("baseline.after must not be negative, was " + baselineAfter);
		}
		if (breachChecks < 1) {
			throw new IllegalArgumentException("breach-checks must be at least 1, was " + breachChecks);
		}
		if (maxRestarts < 0) {
			throw new IllegalArgumentException("max-restarts must be 0 or more, was " + maxRestarts);
		}
		if (restartWindow.isNegative() || restartWindow.isZero()) {
			throw new IllegalArgumentException("restart-window must be positive, was " + restartWindow);
		}
		if (memoryReadInterval.isNegative()) {
			throw new IllegalArgumentException("memory-read-interval must be 0 or more, was " + memoryReadInterval);
		}
	}

	/**
	 * Takes the baseline after warm-up: once both this many tasks finished and this much time passed
	 * since the first task started.
	 * @param tasks finished tasks, 0 for none
	 * @param time time after the first task, zero for none
	 * @return new settings
	 */
	public WatcherSettings withBaselineAfter(long tasks, Duration time) {
		return new WatcherSettings(tasks, time, this.breachChecks, this.jitter, this.historyFile, this.maxRestarts,
				this.restartWindow, this.memoryReadInterval);
	}

	/**
	 * Requires memory rules to be over their limit this many checks in a row.
	 * @param checks at least 1
	 * @return new settings
	 */
	public WatcherSettings withBreachChecks(int checks) {
		return new WatcherSettings(this.baselineAfterTasks, this.baselineAfter, checks, this.jitter, this.historyFile,
				this.maxRestarts, this.restartWindow, this.memoryReadInterval);
	}

	/**
	 * Reports this jitter, which the rules were built with.
	 * @param jitter the jitter
	 * @return new settings
	 */
	public WatcherSettings withJitter(Jitter jitter) {
		return new WatcherSettings(this.baselineAfterTasks, this.baselineAfter, this.breachChecks, jitter,
				this.historyFile, this.maxRestarts, this.restartWindow, this.memoryReadInterval);
	}

	/**
	 * Keeps the restart history in this file.
	 * @param file the file, or {@code null} for none
	 * @return new settings
	 */
	public WatcherSettings withHistoryFile(@Nullable RestartHistoryFile file) {
		return new WatcherSettings(this.baselineAfterTasks, this.baselineAfter, this.breachChecks, this.jitter, file,
				this.maxRestarts, this.restartWindow, this.memoryReadInterval);
	}

	/**
	 * Holds restarts that come faster than this: at most {@code restarts} by rules per
	 * {@code window}.
	 * @param restarts at least 0, 0 for no limit
	 * @param window positive
	 * @return new settings
	 */
	public WatcherSettings withRestartLimit(int restarts, Duration window) {
		return new WatcherSettings(this.baselineAfterTasks, this.baselineAfter, this.breachChecks, this.jitter,
				this.historyFile, restarts, window, this.memoryReadInterval);
	}

	/**
	 * The baseline's moment in words, for logs and reports.
	 * @return such as {@code before the first task} or {@code after 100 tasks and 2.0s}
	 */
	/**
	 * The same settings with another shortest time between two memory readings taken as tasks
	 * finish.
	 * @param interval the interval; zero reads after every task
	 * @return the new settings
	 */
	public WatcherSettings withMemoryReadInterval(Duration interval) {
		return new WatcherSettings(this.baselineAfterTasks, this.baselineAfter, this.breachChecks, this.jitter,
				this.historyFile, this.maxRestarts, this.restartWindow, interval);
	}

	public String baselineWhen() {
		boolean tasks = this.baselineAfterTasks > 0;
		boolean time = !this.baselineAfter.isZero();
		if (!tasks && !time) {
			return "before the first task";
		}
		return "after " + (tasks ? this.baselineAfterTasks + " tasks" : "") + ((tasks && time) ? " and " : "")
				+ (time ? Figures.duration(this.baselineAfter) + " since the first task" : "");
	}

}
