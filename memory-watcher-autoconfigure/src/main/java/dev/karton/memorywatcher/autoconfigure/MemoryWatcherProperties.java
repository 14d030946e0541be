package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

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
	 * Restart when memory exceeds the baseline taken before the first task by this percent; 100
	 * means twice the baseline.
	 */
	private @Nullable Double extraConsumedMemoryPercent;

	/**
	 * Restart when memory exceeds the baseline taken before the first task by this amount; a bare
	 * number means megabytes.
	 */
	@DataSizeUnit(DataUnit.MEGABYTES)
	private @Nullable DataSize extraConsumedMegabytes;

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

	private static Duration requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidMemoryWatcherPropertyException(PREFIX + property, duration,
					"a duration greater than 0, such as 30s, 5m or 2h");
		}
		return duration;
	}

}
