package dev.karton.memorywatcher.actuate.metrics;

import java.nio.file.Path;
import java.time.Instant;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.karton.memorywatcher.FakeProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHistoryFile;
import dev.karton.memorywatcher.RestartRecord;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.TaskScope;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.WatcherSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MemoryWatcherMetrics}, bound to a real registry.
 */
class MemoryWatcherMetricsTests {

	private static final long MB = 1024 * 1024;

	private final FakeProbe probe = new FakeProbe(100 * MB);

	private final MemoryWatcher watcher = new MemoryWatcher(
			List.of(RestartRule.proceedTasks(10), RestartRule.extraConsumedBytes(50 * MB)), this.probe,
			WatcherClock.SYSTEM, (watcher, reason) -> {
			});

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bind() {
		new MemoryWatcherMetrics(this.watcher).bindTo(this.registry);
	}

	@Test
	void memoryGaugesBeforeTheFirstTaskAreUnknownExceptTheCurrentFigure() {
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_BASELINE)).isNaN();
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_CURRENT)).isEqualTo(100.0 * MB);
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_GROWTH)).isNaN();
	}

	@Test
	void memoryGaugesFollowTheFigureAfterTheBaseline() {
		this.watcher.run(() -> {
		});
		this.probe.set(120 * MB);
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_BASELINE)).isEqualTo(100.0 * MB);
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_CURRENT)).isEqualTo(120.0 * MB);
		assertThat(gauge(MemoryWatcherMetrics.MEMORY_GROWTH)).isEqualTo(0.2);
		assertThat(this.registry.get(MemoryWatcherMetrics.MEMORY_CURRENT).gauge().getId().getTag("source"))
			.isEqualTo("fake");
	}

	@Test
	void tasksAreCountedByOutcome() {
		this.watcher.run(() -> {
		});
		this.watcher.run(() -> {
		});
		assertThatIllegalStateException().isThrownBy(() -> this.watcher.run(() -> {
			throw new IllegalStateException("task failed");
		}));
		assertThat(tasks("success")).isEqualTo(2);
		assertThat(tasks("failure")).isEqualTo(1);
	}

	@Test
	void tasksInFlightFollowOpenScopes() {
		try (TaskScope first = this.watcher.taskStarted(); TaskScope second = this.watcher.taskStarted()) {
			assertThat(gauge(MemoryWatcherMetrics.TASKS_IN_FLIGHT)).isEqualTo(2);
		}
		assertThat(gauge(MemoryWatcherMetrics.TASKS_IN_FLIGHT)).isZero();
	}

	@Test
	void ruleProgressIsTaggedByRule() {
		for (int i = 0; i < 3; i++) {
			this.watcher.run(() -> {
			});
		}
		this.probe.set(110 * MB);
		assertThat(progress("proceed-tasks")).isEqualTo(0.3);
		assertThat(progress("extra-consumed-megabytes")).isEqualTo(0.2);
	}

	@Test
	void restartsRequestedAreCountedOnceForTheRuleThatFired() {
		assertThat(restarts("proceed-tasks")).isZero();
		assertThat(restarts("manual")).isZero();
		this.watcher.requestRestart("new release");
		this.watcher.requestRestart("again");
		assertThat(restarts("manual")).isEqualTo(1);
		assertThat(restarts("proceed-tasks")).isZero();
		assertThat(restarts("extra-consumed-megabytes")).isZero();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double tasks(String outcome) {
		return this.registry.get(MemoryWatcherMetrics.TASKS).tag("outcome", outcome).functionCounter().count();
	}

	private double progress(String rule) {
		return this.registry.get(MemoryWatcherMetrics.RULE_PROGRESS).tag("rule", rule).gauge().value();
	}

	private double restarts(String rule) {
		return this.registry.get(MemoryWatcherMetrics.RESTARTS_REQUESTED).tag("rule", rule).functionCounter().count();
	}

	@Test
	void memoryLimitAndRecentRestartsByRuleFromTheHistoryOfEarlierProcesses(@TempDir Path directory) {
		RestartHistoryFile file = new RestartHistoryFile(directory.resolve("app.restarts"));
		Instant earlier = Instant.parse("2026-11-26T10:00:00Z");
		file.save(List.of(
				new RestartRecord(earlier, "proceed-tasks", "fake", 300 * MB, 100 * MB, 10, "restart requested"),
				new RestartRecord(earlier.plusSeconds(60), "proceed-tasks", "fake", 300 * MB, 100 * MB, 10, "again"),
				new RestartRecord(earlier.plusSeconds(120), "manual", "fake", 300 * MB, 100 * MB, 3, "by hand")));
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(10)), new FakeProbe(100 * MB, 512 * MB),
				WatcherClock.SYSTEM, (w, reason) -> {
				}, WatcherSettings.DEFAULTS.withHistoryFile(file));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new MemoryWatcherMetrics(watcher).bindTo(registry);
		assertThat(registry.get(MemoryWatcherMetrics.MEMORY_LIMIT).gauge().value()).isEqualTo(512.0 * MB);
		assertThat(registry.get(MemoryWatcherMetrics.RESTARTS_RECENT).tag("rule", "proceed-tasks").gauge().value())
			.isEqualTo(2);
		assertThat(registry.get(MemoryWatcherMetrics.RESTARTS_RECENT).tag("rule", "manual").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void noLimitGaugeForAFigureWithoutALimit() {
		assertThat(this.registry.find(MemoryWatcherMetrics.MEMORY_LIMIT).gauge()).isNull();
	}

}
