package dev.karton.memorywatcher.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemorySource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration of the memory watcher. Each restart rule is optional; with none set the watcher
 * only observes. Setters reject values the watcher cannot use, so a bad value fails the startup.
 */
@ConfigurationProperties("karton.memory-watcher")
public class MemoryWatcherProperties {

	static final String PREFIX = "karton.memory-watcher.";

	/**
	 * Whether to watch tasks and restart the application when a rule fires.
	 */
	private boolean enabled = true;

	/**
	 * Restart after this many finished tasks, successful or failed.
	 */
	private @Nullable Long proceedTasks;

	/**
	 * Restart once this much time has passed since the first task started; a bare number means
	 * seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration elapsedTime;

	/**
	 * Restart when the memory figure exceeds the baseline (see baseline.*) by this percent; 100
	 * means twice the baseline.
	 */
	private @Nullable Double extraConsumedMemoryPercent;

	/**
	 * Restart when the memory figure exceeds the baseline (see baseline.*) by this amount; a bare
	 * number means megabytes.
	 */
	@DataSizeUnit(DataUnit.MEGABYTES)
	private @Nullable DataSize extraConsumedMegabytes;

	/**
	 * Memory figure the memory rules watch: rss (the resident set), rss-anon (its anonymous part,
	 * without mapped files), heap (Java heap after the last collection that changed the old
	 * generation) or container (the cgroup's working set, against its memory limit).
	 */
	private MemorySource memorySource = MemorySource.RSS;

	/**
	 * Restart when the memory figure exceeds this amount, whatever the baseline; a bare number means
	 * megabytes.
	 */
	@DataSizeUnit(DataUnit.MEGABYTES)
	private @Nullable DataSize maxMemory;

	/**
	 * Restart when the memory figure exceeds this percent of its limit: the container's memory limit
	 * for container, the maximum heap for heap, the physical memory for rss and rss-anon.
	 */
	private @Nullable Double maxMemoryPercentOfLimit;

	/**
	 * When the baseline that growth rules compare with is taken.
	 */
	private final Baseline baseline = new Baseline();

	/**
	 * Consecutive checks a memory rule must find the figure over its limit before it fires, so that
	 * a single spike does not restart the process.
	 */
	private int breachChecks = 1;

	/**
	 * Percent by which each process varies its proceed-tasks and elapsed-time limits, drawn once at
	 * startup within plus or minus this value, so that replicas started together do not restart
	 * together.
	 */
	private double jitter;

	/**
	 * File keeping the recent restart history across restarts; by default a file named after
	 * spring.application.name in the memory-watcher directory of java.io.tmpdir.
	 */
	private @Nullable Path stateFile;

	/**
	 * Restarts by rules allowed within restart-window before the restart-storm guard holds the next
	 * one and reports the application down; 0 allows any number.
	 */
	private int maxRestarts;

	/**
	 * Window in which max-restarts counts restarts.
	 */
	private Duration restartWindow = Duration.ofHours(1);

	/**
	 * Exit code of the process after a restart was requested; non-zero so that systemd's
	 * Restart=on-failure and docker's --restart=on-failure start it again.
	 */
	private int exitCode = 75;

	/**
	 * Longest wait for in-flight tasks to finish after a restart was requested; when it expires the
	 * process exits anyway.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	/**
	 * How often the rules are checked while no task finishes, so that an idle consumer still
	 * honours time and memory rules.
	 */
	private Duration checkInterval = Duration.ofSeconds(10);

	/**
	 * Shortest time between two memory readings taken as tasks finish, so that a consumer running
	 * thousands of tasks per second reads memory at most this often; a memory rule then reacts up
	 * to this much later. 0 reads after every task.
	 */
	private Duration memoryReadInterval = Duration.ofMillis(1);

	/**
	 * Longest wait for each before-exit callback; a callback still running then is left behind and
	 * the restart goes on.
	 */
	private Duration callbackTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Long getProceedTasks() {
		return this.proceedTasks;
	}

	public void setProceedTasks(@Nullable Long proceedTasks) {
		if (proceedTasks != null && proceedTasks < 1) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "proceed-tasks", proceedTasks,
					"a whole number of at least 1");
		}
		this.proceedTasks = proceedTasks;
	}

	public @Nullable Duration getElapsedTime() {
		return this.elapsedTime;
	}

	public void setElapsedTime(@Nullable Duration elapsedTime) {
		if (elapsedTime != null) {
			requirePositive("elapsed-time", elapsedTime);
		}
		this.elapsedTime = elapsedTime;
	}

	public @Nullable Double getExtraConsumedMemoryPercent() {
		return this.extraConsumedMemoryPercent;
	}

	public void setExtraConsumedMemoryPercent(@Nullable Double extraConsumedMemoryPercent) {
		if (extraConsumedMemoryPercent != null
				&& (!(extraConsumedMemoryPercent > 0) || extraConsumedMemoryPercent.isInfinite())) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "extra-consumed-memory-percent",
					extraConsumedMemoryPercent, "a percent greater than 0, such as 80 (100 means twice the baseline)");
		}
		this.extraConsumedMemoryPercent = extraConsumedMemoryPercent;
	}

	public @Nullable DataSize getExtraConsumedMegabytes() {
		return this.extraConsumedMegabytes;
	}

	public void setExtraConsumedMegabytes(@Nullable DataSize extraConsumedMegabytes) {
		if (extraConsumedMegabytes != null && extraConsumedMegabytes.toBytes() < 1) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "extra-consumed-megabytes",
					extraConsumedMegabytes, "a size greater than 0, such as 512 (megabytes) or 2GB");
		}
		this.extraConsumedMegabytes = extraConsumedMegabytes;
	}

	public MemorySource getMemorySource() {
		return this.memorySource;
	}

	public void setMemorySource(MemorySource memorySource) {
		this.memorySource = memorySource;
	}

	public @Nullable DataSize getMaxMemory() {
		return this.maxMemory;
	}

	public void setMaxMemory(@Nullable DataSize maxMemory) {
		if (maxMemory != null && maxMemory.toBytes() < 1) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "max-memory", maxMemory,
					"a size greater than 0, such as 512 (megabytes) or 2GB");
		}
		this.maxMemory = maxMemory;
	}

	public @Nullable Double getMaxMemoryPercentOfLimit() {
		return this.maxMemoryPercentOfLimit;
	}

	public void setMaxMemoryPercentOfLimit(@Nullable Double maxMemoryPercentOfLimit) {
		if (maxMemoryPercentOfLimit != null && !(maxMemoryPercentOfLimit > 0 && maxMemoryPercentOfLimit <= 100)) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "max-memory-percent-of-limit",
					maxMemoryPercentOfLimit, "a percent greater than 0 and at most 100, such as 85");
		}
		this.maxMemoryPercentOfLimit = maxMemoryPercentOfLimit;
	}

	public Baseline getBaseline() {
		return this.baseline;
	}

	public int getBreachChecks() {
		return this.breachChecks;
	}

	public void setBreachChecks(int breachChecks) {
		if (breachChecks < 1) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "breach-checks", breachChecks,
					"a whole number of at least 1 (1 fires on the first check over the limit)");
		}
		this.breachChecks = breachChecks;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		if (!(jitter >= 0 && jitter <= 50)) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "jitter", jitter,
					"a percent from 0 (no jitter) to 50, such as 10 for plus or minus 10%");
		}
		this.jitter = jitter;
	}

	public @Nullable Path getStateFile() {
		return this.stateFile;
	}

	public void setStateFile(@Nullable Path stateFile) {
		if (stateFile != null && (stateFile.toString().isBlank() || stateFile.getFileName() == null)) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "state-file", stateFile,
					"a file path, such as /var/lib/my-consumer/memory-watcher.restarts");
		}
		this.stateFile = stateFile;
	}

	public int getMaxRestarts() {
		return this.maxRestarts;
	}

	public void setMaxRestarts(int maxRestarts) {
		if (maxRestarts < 0) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "max-restarts", maxRestarts,
					"a whole number of 0 (no limit) or more, such as 5");
		}
		this.maxRestarts = maxRestarts;
	}

	public Duration getRestartWindow() {
		return this.restartWindow;
	}

	public void setRestartWindow(Duration restartWindow) {
		this.restartWindow = requirePositive("restart-window", restartWindow);
	}

	public int getExitCode() {
		return this.exitCode;
	}

	public void setExitCode(int exitCode) {
		if (exitCode < 0 || exitCode > 255) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "exit-code", exitCode,
					"a whole number from 0 to 255 (75, EX_TEMPFAIL, by default)");
		}
		this.exitCode = exitCode;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = requirePositive("drain-timeout", drainTimeout);
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = requirePositive("check-interval", checkInterval);
	}

	public Duration getMemoryReadInterval() {
		return this.memoryReadInterval;
	}

	public void setMemoryReadInterval(Duration memoryReadInterval) {
		if (memoryReadInterval.isNegative()) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + "memory-read-interval", memoryReadInterval,
					"a duration of 0 or more, such as 1ms or 50ms (0 reads memory after every task)");
		}
		this.memoryReadInterval = memoryReadInterval;
	}

	public Duration getCallbackTimeout() {
		return this.callbackTimeout;
	}

	public void setCallbackTimeout(Duration callbackTimeout) {
		this.callbackTimeout = requirePositive("callback-timeout", callbackTimeout);
	}

	/**
	 * When the baseline is taken: before the first task by default, or once the JVM has warmed up,
	 * when both conditions set here are met.
	 */
	public static class Baseline {

		/**
		 * Finished tasks before the baseline is taken; until then growth rules do not fire, while
		 * absolute, task and time rules do.
		 */
		private long afterTasks;

		/**
		 * Time after the first task started before the baseline is taken; a bare number means
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration after = Duration.ZERO;

		public long getAfterTasks() {
			return this.afterTasks;
		}

		public void setAfterTasks(long afterTasks) {
			if (afterTasks < 0) {
				throw new InvalidMemoryWatcherPropertyException(PREFIX + "baseline.after-tasks", afterTasks,
						"a whole number of 0 (before the first task) or more, such as 100");
			}
			this.afterTasks = afterTasks;
		}

		public Duration getAfter() {
			return this.after;
		}

		public void setAfter(Duration after) {
			if (after.isNegative()) {
				throw new InvalidMemoryWatcherPropertyException(PREFIX + "baseline.after", after,
						"a duration of 0 (none) or more, such as 2m");
			}
			this.after = after;
		}

	}

	private static Duration requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + property, duration,
					"a duration greater than 0, such as 30s, 5m or 2h");
		}
		return duration;
	}

}
