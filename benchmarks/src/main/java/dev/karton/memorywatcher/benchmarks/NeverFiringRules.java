package dev.karton.memorywatcher.benchmarks;

import java.time.Duration;
import java.util.List;

import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHandler;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherProperties;

/**
 * The four seed rules with limits no benchmark reaches, so that a watcher pays for checking every
 * rule but never restarts.
 */
final class NeverFiringRules {

	private NeverFiringRules() {
	}

	static List<RestartRule> all() {
		return List.of(RestartRule.proceedTasks(Long.MAX_VALUE), RestartRule.elapsedTime(Duration.ofDays(365)),
				RestartRule.extraConsumedMemoryPercent(100_000), RestartRule.extraConsumedBytes(1L << 40));
	}

	/**
	 * A watcher on the platform's real memory probe with {@link #all()} rules and the
	 * auto-configuration's default memory read interval; a restart would be a broken benchmark, so
	 * it fails loudly.
	 */
	static MemoryWatcher watcher() {
		MemoryProbe probe = MemoryProbe.detect();
		RestartHandler failing = (watcher, reason) -> {
			throw new IllegalStateException("No rule should fire in a benchmark: " + reason.message());
		};
		return new MemoryWatcher(all(), probe, WatcherClock.SYSTEM, failing,
				new MemoryWatcherProperties().getMemoryReadInterval());
	}

}
