package dev.karton.memorywatcher.actuate.endpoint;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.karton.memorywatcher.FakeProbe;
import dev.karton.memorywatcher.Jitter;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHistoryFile;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.RestartRecord;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.TaskScope;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.WatcherSettings;
import dev.karton.memorywatcher.WatcherState;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint.JitterDescriptor;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint.MemoryWatcherDescriptor;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint.RestartRecordDescriptor;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint.RestartRequestDescriptor;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint.RuleDescriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link MemoryWatcherEndpoint}, on a real watcher with a memory figure set by hand.
 */
class MemoryWatcherEndpointTests {

	private static final long MB = 1024 * 1024;

	private final FakeProbe probe = new FakeProbe(100 * MB);

	private final List<RestartReason> restarts = new CopyOnWriteArrayList<>();

	private final MemoryWatcher watcher = new MemoryWatcher(
			List.of(RestartRule.proceedTasks(10), RestartRule.extraConsumedBytes(50 * MB)), this.probe,
			WatcherClock.SYSTEM, (watcher, reason) -> this.restarts.add(reason));

	private final MemoryWatcherEndpoint endpoint = new MemoryWatcherEndpoint(this.watcher, 75);

	@Test
	void memoryWatcherBeforeTheFirstTaskShowsNoBaselineAndNoGrowth() {
		MemoryWatcherDescriptor descriptor = this.endpoint.memoryWatcher();
		assertThat(descriptor.state()).isEqualTo(WatcherState.WATCHING);
		assertThat(descriptor.memory().source()).isEqualTo("fake");
		assertThat(descriptor.memory().baselineBytes()).isNull();
		assertThat(descriptor.memory().baselineTakenAt()).isNull();
		assertThat(descriptor.memory().currentBytes()).isEqualTo(100 * MB);
		assertThat(descriptor.memory().growthBytes()).isNull();
		assertThat(descriptor.memory().growthPercent()).isNull();
		assertThat(descriptor.tasks().processed()).isZero();
		assertThat(descriptor.tasks().sinceBaseline()).isNull();
		assertThat(descriptor.rules()).extracting(RuleDescriptor::name, RuleDescriptor::progress)
			.containsExactly(tuple("proceed-tasks", 0.0), tuple("extra-consumed-megabytes", 0.0));
		assertThat(descriptor.restart()).isNull();
	}

	@Test
	void memoryWatcherShowsFiguresMovingAsTasksRun() {
		for (int i = 0; i < 3; i++) {
			this.watcher.run(() -> {
			});
		}
		assertThatIllegalStateException().isThrownBy(() -> this.watcher.run(() -> {
			throw new IllegalStateException("task failed");
		}));
		this.probe.set(125 * MB);
		try (TaskScope inFlight = this.watcher.taskStarted()) {
			MemoryWatcherDescriptor descriptor = this.endpoint.memoryWatcher();
			assertThat(descriptor.memory().baselineBytes()).isEqualTo(100 * MB);
			assertThat(descriptor.memory().baselineTakenAt()).isNotNull();
			assertThat(descriptor.memory().currentBytes()).isEqualTo(125 * MB);
			assertThat(descriptor.memory().growthBytes()).isEqualTo(25 * MB);
			assertThat(descriptor.memory().growthPercent()).isEqualTo(25.0);
			assertThat(descriptor.tasks().processed()).isEqualTo(4);
			assertThat(descriptor.tasks().failed()).isEqualTo(1);
			assertThat(descriptor.tasks().inFlight()).isEqualTo(1);
			assertThat(descriptor.tasks().sinceBaseline()).isNotNull();
			assertThat(descriptor.rules()).containsExactly(new RuleDescriptor("proceed-tasks", "10", "4", 0.4, false, 0),
					new RuleDescriptor("extra-consumed-megabytes", "50.0 MB", "25.0 MB", 0.5, false, 0));
			assertThat(descriptor.restart()).isNull();
		}
		assertThat(this.endpoint.memoryWatcher().tasks().inFlight()).isZero();
	}

	@Test
	void memoryWatcherShowsTheRestartOnceARuleFired() {
		this.watcher.run(() -> {
		});
		this.probe.set(160 * MB);
		this.watcher.check();
		MemoryWatcherDescriptor descriptor = this.endpoint.memoryWatcher();
		assertThat(descriptor.state()).isEqualTo(WatcherState.DRAINING);
		assertThat(descriptor.rules()).filteredOn(RuleDescriptor::reached)
			.extracting(RuleDescriptor::name)
			.containsExactly("extra-consumed-megabytes");
		assertThat(descriptor.restart()).isNotNull();
		assertThat(descriptor.restart().rule()).isEqualTo("extra-consumed-megabytes");
		assertThat(descriptor.restart().reason()).contains("extra-consumed-megabytes");
		assertThat(descriptor.restart().requestedAt()).isEqualTo(this.restarts.get(0).requestedAt());
		assertThat(descriptor.restart().exitCode()).isEqualTo(75);
	}

	@Test
	void restartRequestsAGracefulRestartWithTheGivenReason() {
		RestartRequestDescriptor response = this.endpoint.restart("new release");
		assertThat(response.requested()).isTrue();
		assertThat(response.restart()).isNotNull();
		assertThat(response.restart().rule()).isEqualTo(RestartReason.MANUAL);
		assertThat(response.restart().reason()).contains("new release");
		assertThat(response.restart().exitCode()).isEqualTo(75);
		assertThat(this.restarts).singleElement().satisfies((reason) -> {
			assertThat(reason.rule()).isEqualTo(RestartReason.MANUAL);
			assertThat(reason.message()).contains("new release");
		});
		assertThat(this.watcher.state()).isEqualTo(WatcherState.DRAINING);
		assertThat(this.watcher.isAcceptingTasks()).isFalse();
	}

	@Test
	void restartWithoutReasonSaysItCameFromTheEndpoint() {
		assertThat(this.endpoint.restart(null).restart().reason()).contains(MemoryWatcherEndpoint.DEFAULT_REASON);
		assertThat(this.restarts).singleElement()
			.satisfies((reason) -> assertThat(reason.message()).contains(MemoryWatcherEndpoint.DEFAULT_REASON));
	}

	@Test
	void restartWhenARestartIsUnderWayDoesNotRequestAnother() {
		this.endpoint.restart("first");
		RestartRequestDescriptor second = this.endpoint.restart("second");
		assertThat(second.requested()).isFalse();
		assertThat(second.restart().reason()).contains("first").doesNotContain("second");
		assertThat(this.restarts).hasSize(1);
	}

	@Test
	void memoryWatcherShowsTheLimitTheJitterAndTheRestartHistoryOfEarlierProcesses(@TempDir Path directory) {
		RestartHistoryFile file = new RestartHistoryFile(directory.resolve("app.restarts"));
		Instant earlier = Instant.parse("2026-11-26T10:00:00Z");
		file.save(List.of(new RestartRecord(earlier, "proceed-tasks", "rss", 300 * MB, 100 * MB, 1000,
				"restart requested: proceed-tasks 1000 >= 1000")));
		Jitter jitter = new Jitter(10, 1.05);
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(1000, jitter)),
				new FakeProbe(100 * MB, 4096 * MB), WatcherClock.SYSTEM, (w, reason) -> {
				}, WatcherSettings.DEFAULTS.withJitter(jitter).withHistoryFile(file).withBreachChecks(3));
		MemoryWatcherDescriptor descriptor = new MemoryWatcherEndpoint(watcher, 75).memoryWatcher();
		assertThat(descriptor.memory().limitBytes()).isEqualTo(4096 * MB);
		assertThat(descriptor.memory().limitDescription()).isEqualTo("fake limit");
		assertThat(descriptor.memory().sourceDescription()).isEqualTo("figure set by the test");
		assertThat(descriptor.memory().baselineWhen()).isEqualTo("before the first task");
		assertThat(descriptor.breachChecks()).isEqualTo(3);
		assertThat(descriptor.jitter()).isEqualTo(new JitterDescriptor(10, 1.05));
		assertThat(descriptor.rules()).extracting(RuleDescriptor::limit).containsExactly("1050 (1000 +5.0% jitter)");
		assertThat(descriptor.restartHold()).isNull();
		assertThat(descriptor.restartHistory()).containsExactly(new RestartRecordDescriptor(earlier, "proceed-tasks",
				"rss", 300 * MB, 100 * MB, 1000, "restart requested: proceed-tasks 1000 >= 1000"));
	}

}
