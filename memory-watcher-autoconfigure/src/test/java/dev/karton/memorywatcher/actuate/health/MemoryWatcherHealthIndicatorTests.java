package dev.karton.memorywatcher.actuate.health;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.FakeProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.WatcherState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryWatcherHealthIndicator}, on a real watcher.
 */
class MemoryWatcherHealthIndicatorTests {

	private static final long MB = 1024 * 1024;

	private final FakeProbe probe = new FakeProbe(100 * MB);

	private MemoryWatcher watcher(RestartRule... rules) {
		return new MemoryWatcher(List.of(rules), this.probe, WatcherClock.SYSTEM, (watcher, reason) -> {
		});
	}

	@Test
	void healthWhileWatchingIsUpWithTheRuleNearestToFiring() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(10), RestartRule.extraConsumedBytes(40 * MB));
		watcher.run(() -> {
		});
		this.probe.set(130 * MB);
		Health health = new MemoryWatcherHealthIndicator(watcher).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", WatcherState.WATCHING)
			.containsEntry("memorySource", "fake")
			.containsEntry("nearestRule", "extra-consumed-megabytes")
			.containsEntry("progress", 0.75)
			.doesNotContainKey("restartRule");
	}

	@Test
	void healthWhileObservingIsUpWithoutRule() {
		Health health = new MemoryWatcherHealthIndicator(watcher()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("state", WatcherState.OBSERVE_ONLY)
			.doesNotContainKey("nearestRule");
	}

	@Test
	void healthWhileDrainingIsOutOfServiceWithTheRestart() {
		MemoryWatcher watcher = watcher(RestartRule.elapsedTime(Duration.ofHours(1)));
		watcher.requestRestart("new release");
		Health health = new MemoryWatcherHealthIndicator(watcher).health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("state", WatcherState.DRAINING)
			.containsEntry("restartRule", "manual");
		assertThat((String) health.getDetails().get("restartReason")).contains("new release");
	}

	@Test
	void healthWhileExitingIsOutOfService() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(1));
		watcher.run(() -> {
		});
		watcher.markExiting();
		Health health = new MemoryWatcherHealthIndicator(watcher).health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("state", WatcherState.EXITING)
			.containsEntry("restartRule", "proceed-tasks");
	}

	@Test
	void healthWhileTheStormGuardHoldsARestartIsDownWithWhy() {
		// Memory already over an absolute limit when the baseline is taken: restarting cannot help.
		MemoryWatcher watcher = watcher(RestartRule.maxMemory(50 * MB));
		watcher.run(() -> {
		});
		Health health = new MemoryWatcherHealthIndicator(watcher).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("state", WatcherState.RESTART_HELD)
			.containsKey("restartHeldSince")
			.doesNotContainKey("restartHeldUntil");
		assertThat((String) health.getDetails().get("restartHeld")).contains("already exceeds max-memory");
	}

}
