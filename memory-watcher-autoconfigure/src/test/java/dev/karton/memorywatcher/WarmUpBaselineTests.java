package dev.karton.memorywatcher;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;

class WarmUpBaselineTests {

	private final FakeClock clock = new FakeClock();

	private final FakeProbe probe = new FakeProbe(100 * MB, 1024 * MB);

	private final RecordingHandler handler = new RecordingHandler();

	private MemoryWatcher watcher(WatcherSettings settings, RestartRule... rules) {
		return new MemoryWatcher(List.of(rules), this.probe, this.clock, this.handler, settings);
	}

	private static WatcherSettings afterTasks(long tasks) {
		return WatcherSettings.DEFAULTS.withBaselineAfter(tasks, Duration.ZERO);
	}

	private static void runTasks(MemoryWatcher watcher, int count) {
		for (int i = 0; i < count; i++) {
			watcher.run(() -> {
			});
		}
	}

	@Test
	void growthDuringTheWarmUpTasksIsNotCountedAgainstTheBaseline() {
		MemoryWatcher watcher = watcher(afterTasks(10), RestartRule.extraConsumedBytes(50 * MB));
		runTasks(watcher, 1);
		// The heap expands and the JIT fills its code cache while the JVM warms up.
		this.probe.set(300 * MB);
		runTasks(watcher, 8);
		assertThat(watcher.snapshot().baselineBytes()).as("no baseline during the warm-up").isEqualTo(-1);
		assertThat(this.handler.reasons).isEmpty();
		runTasks(watcher, 1);
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.baselineBytes()).isEqualTo(300 * MB);
		assertThat(snapshot.baselineTakenAt()).isNotNull();
		assertThat(snapshot.baselineWhen()).isEqualTo("after 10 tasks");
		this.probe.set(349 * MB);
		runTasks(watcher, 5);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(350 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("extra-consumed-megabytes"));
	}

	@Test
	void withoutAWarmUpTheSameGrowthRestarts() {
		MemoryWatcher watcher = watcher(WatcherSettings.DEFAULTS, RestartRule.extraConsumedBytes(50 * MB));
		runTasks(watcher, 1);
		this.probe.set(300 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("extra-consumed-megabytes"));
	}

	@Test
	void absoluteTaskAndTimeRulesFireDuringTheWarmUp() {
		MemoryWatcher byMemory = watcher(afterTasks(1000), RestartRule.maxMemory(200 * MB));
		runTasks(byMemory, 3);
		this.probe.set(200 * MB);
		runTasks(byMemory, 1);
		assertThat(this.handler.reasons).extracting(RestartReason::rule).containsExactly("max-memory");

		this.probe.set(100 * MB);
		MemoryWatcher byTasks = watcher(afterTasks(1000), RestartRule.proceedTasks(5));
		runTasks(byTasks, 5);
		MemoryWatcher byTime = watcher(afterTasks(1000), RestartRule.elapsedTime(Duration.ofMinutes(1)));
		runTasks(byTime, 1);
		this.clock.advance(Duration.ofMinutes(1));
		runTasks(byTime, 1);
		assertThat(this.handler.reasons).extracting(RestartReason::rule)
			.containsExactly("max-memory", "proceed-tasks", "elapsed-time");
	}

	@Test
	void aWarmUpTimeIsCountedFromTheFirstTaskAndEndsOnAnIdleConsumerThroughThePeriodicCheck() {
		MemoryWatcher watcher = watcher(WatcherSettings.DEFAULTS.withBaselineAfter(0, Duration.ofSeconds(30)),
				RestartRule.extraConsumedBytes(50 * MB));
		this.clock.advance(Duration.ofMinutes(5));
		watcher.check();
		assertThat(watcher.snapshot().baselineBytes()).as("the warm-up starts with the first task").isEqualTo(-1);
		runTasks(watcher, 1);
		this.probe.set(180 * MB);
		this.clock.advance(Duration.ofSeconds(29));
		watcher.check();
		assertThat(watcher.snapshot().baselineBytes()).isEqualTo(-1);
		this.clock.advance(Duration.ofSeconds(1));
		watcher.check();
		assertThat(watcher.snapshot().baselineBytes()).isEqualTo(180 * MB);
		assertThat(watcher.snapshot().baselineWhen()).isEqualTo("after 30.0s since the first task");
		assertThat(this.handler.reasons).isEmpty();
	}

	@Test
	void withTasksAndTimeTheBaselineWaitsForBoth() {
		MemoryWatcher watcher = watcher(WatcherSettings.DEFAULTS.withBaselineAfter(5, Duration.ofSeconds(10)),
				RestartRule.extraConsumedBytes(50 * MB));
		runTasks(watcher, 20);
		assertThat(watcher.snapshot().baselineBytes()).isEqualTo(-1);
		this.clock.advance(Duration.ofSeconds(10));
		this.probe.set(150 * MB);
		runTasks(watcher, 1);
		assertThat(watcher.snapshot().baselineBytes()).isEqualTo(150 * MB);
		assertThat(watcher.snapshot().baselineWhen()).isEqualTo("after 5 tasks and 10.0s since the first task");
	}

	@Test
	void elapsedTimeCountsFromTheFirstTaskNotFromTheWarmUpBaseline() {
		MemoryWatcher watcher = watcher(WatcherSettings.DEFAULTS.withBaselineAfter(0, Duration.ofSeconds(40)),
				RestartRule.elapsedTime(Duration.ofSeconds(60)));
		runTasks(watcher, 1);
		this.clock.advance(Duration.ofSeconds(60));
		watcher.check();
		assertThat(this.handler.reasons).extracting(RestartReason::rule).containsExactly("elapsed-time");
		assertThat(watcher.snapshot().elapsed()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void aFigureNotMeasuredWhenTheWarmUpEndsBecomesTheBaselineWhenFirstMeasured() {
		this.probe.set(-1);
		MemoryWatcher watcher = watcher(afterTasks(2), RestartRule.extraConsumedBytes(50 * MB));
		runTasks(watcher, 5);
		WatcherSnapshot before = watcher.snapshot();
		assertThat(before.baselineBytes()).isEqualTo(-1);
		assertThat(before.currentBytes()).isEqualTo(-1);
		assertThat(before.memoryMeasuredAt()).isNull();
		// The first collection of old regions measures the heap.
		this.probe.set(120 * MB);
		runTasks(watcher, 1);
		assertThat(watcher.snapshot().baselineBytes()).isEqualTo(120 * MB);
		this.probe.set(169 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(170 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).hasSize(1);
	}

}
