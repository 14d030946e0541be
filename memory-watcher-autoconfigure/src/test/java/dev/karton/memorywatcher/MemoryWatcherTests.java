package dev.karton.memorywatcher;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MemoryWatcherTests {

	private final FakeClock clock = new FakeClock();

	private final FakeProbe probe = new FakeProbe(100 * MB);

	private final RecordingHandler handler = new RecordingHandler();

	private MemoryWatcher watcher(RestartRule... rules) {
		return new MemoryWatcher(List.of(rules), this.probe, this.clock, this.handler);
	}

	private static void runTasks(MemoryWatcher watcher, int count) {
		for (int i = 0; i < count; i++) {
			watcher.run(() -> {
			});
		}
	}

	@Test
	void proceedTasksRestartsOnTheHundredthTaskAndNotBefore() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(100));
		runTasks(watcher, 99);
		assertThat(this.handler.reasons).isEmpty();
		assertThat(watcher.isAcceptingTasks()).isTrue();
		assertThat(watcher.state()).isEqualTo(WatcherState.WATCHING);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement().satisfies((reason) -> {
			assertThat(reason.rule()).isEqualTo("proceed-tasks");
			assertThat(reason.message()).isEqualTo(
					"restart requested: proceed-tasks 100 >= 100 (fake 100.0 MB, baseline 100.0 MB) after 100 tasks");
		});
		assertThat(watcher.isAcceptingTasks()).isFalse();
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
	}

	@Test
	void failedTasksCountTowardsProceedTasks() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(3));
		runTasks(watcher, 2);
		try (TaskScope scope = watcher.taskStarted()) {
			scope.markFailed();
		}
		assertThat(this.handler.reasons).hasSize(1);
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.processedTasks()).isEqualTo(3);
		assertThat(snapshot.failedTasks()).isEqualTo(1);
	}

	@Test
	void elapsedTimeRestartsFiveSecondsAfterTheFirstTaskStarted() {
		MemoryWatcher watcher = watcher(RestartRule.elapsedTime(Duration.ofSeconds(5)));
		this.clock.advance(Duration.ofHours(1));
		watcher.check();
		assertThat(this.handler.reasons).as("no baseline before the first task").isEmpty();
		runTasks(watcher, 1);
		this.clock.advance(Duration.ofMillis(4999));
		runTasks(watcher, 1);
		watcher.check();
		assertThat(this.handler.reasons).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("elapsed-time"));
	}

	@Test
	void idleConsumerRestartsOnElapsedTimeThroughThePeriodicCheck() {
		MemoryWatcher watcher = watcher(RestartRule.elapsedTime(Duration.ofSeconds(5)));
		runTasks(watcher, 1);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.handler.reasons).isEmpty();
		watcher.check();
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("elapsed-time"));
	}

	@Test
	void extraConsumedMegabytesRestartsAfterTwentyMegabytesOverTheBaseline() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedBytes(15 * MB));
		runTasks(watcher, 1);
		this.probe.set(110 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(120 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement().satisfies((reason) -> {
			assertThat(reason.rule()).isEqualTo("extra-consumed-megabytes");
			assertThat(reason.message()).isEqualTo("restart requested: extra-consumed-megabytes 20.0 MB >= 15.0 MB "
					+ "(fake 120.0 MB, baseline 100.0 MB) after 3 tasks");
		});
	}

	@Test
	void extraConsumedMegabytesFiresExactlyAtItsThreshold() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedBytes(15 * MB));
		runTasks(watcher, 1);
		this.probe.set(115 * MB - 1);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(115 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).hasSize(1);
	}

	@Test
	void extraConsumedMemoryPercentFiresExactlyAtItsThreshold() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedMemoryPercent(80));
		runTasks(watcher, 1);
		this.probe.set(180 * MB - 1);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(180 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement().satisfies((reason) -> {
			assertThat(reason.rule()).isEqualTo("extra-consumed-memory-percent");
			assertThat(reason.message()).startsWith("restart requested: extra-consumed-memory-percent 80.0% >= 80.0% ");
		});
	}

	@Test
	void percentOfOneHundredMeansTwiceTheBaseline() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedMemoryPercent(100));
		runTasks(watcher, 1);
		this.probe.set(199 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
		this.probe.set(200 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).hasSize(1);
	}

	@Test
	void memoryGrowthDuringALongTaskIsSeenByThePeriodicCheck() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedBytes(15 * MB));
		TaskScope longTask = watcher.taskStarted();
		this.probe.set(130 * MB);
		watcher.check();
		assertThat(this.handler.reasons).hasSize(1);
		assertThat(watcher.snapshot().inFlightTasks()).isEqualTo(1);
		longTask.close();
		assertThat(watcher.snapshot().inFlightTasks()).isZero();
	}

	@Test
	void baselineIsTheFigureJustBeforeTheFirstTask() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedBytes(15 * MB));
		this.probe.set(300 * MB);
		watcher.check();
		assertThat(this.handler.reasons).isEmpty();
		runTasks(watcher, 1);
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.baselineBytes()).isEqualTo(300 * MB);
		assertThat(snapshot.baselineTakenAt()).isEqualTo(this.clock.now());
		this.probe.set(310 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).isEmpty();
	}

	@Test
	void combinedRulesRestartOnTheFirstThatFires() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(1000), RestartRule.elapsedTime(Duration.ofHours(1)),
				RestartRule.extraConsumedMemoryPercent(50), RestartRule.extraConsumedBytes(500 * MB));
		runTasks(watcher, 10);
		this.probe.set(151 * MB);
		runTasks(watcher, 1);
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("extra-consumed-memory-percent"));
		runTasks(watcher, 2000);
		this.clock.advance(Duration.ofHours(2));
		watcher.check();
		assertThat(this.handler.reasons).as("one restart only").hasSize(1);
	}

	@Test
	void snapshotReportsEveryRuleWithItsProgress() {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(10), RestartRule.extraConsumedBytes(40 * MB));
		runTasks(watcher, 5);
		this.probe.set(110 * MB);
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.currentBytes()).isEqualTo(110 * MB);
		assertThat(snapshot.rules()).extracting(RuleStatus::rule, RuleStatus::limit, RuleStatus::current,
				RuleStatus::progress, RuleStatus::reached)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("proceed-tasks", "10", "5", 0.5, false),
					org.assertj.core.groups.Tuple.tuple("extra-consumed-megabytes", "40.0 MB", "10.0 MB", 0.25, false));
		assertThat(snapshot.restart()).isNull();
	}

	@Test
	void withoutRulesTheWatcherOnlyObserves() {
		MemoryWatcher watcher = watcher();
		assertThat(watcher.state()).isEqualTo(WatcherState.OBSERVE_ONLY);
		this.probe.set(100 * MB);
		runTasks(watcher, 1);
		this.probe.set(10_000 * MB);
		this.clock.advance(Duration.ofDays(30));
		runTasks(watcher, 10_000);
		watcher.check();
		assertThat(this.handler.reasons).isEmpty();
		assertThat(watcher.isAcceptingTasks()).isTrue();
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.processedTasks()).isEqualTo(10_001);
		assertThat(snapshot.currentBytes()).isEqualTo(10_000 * MB);
		assertThat(snapshot.baselineBytes()).isEqualTo(100 * MB);
		assertThat(snapshot.elapsed()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void manualRestartDrainsLikeARuleAndHappensOnce() {
		MemoryWatcher watcher = watcher();
		assertThat(watcher.requestRestart("operator asked")).isTrue();
		assertThat(watcher.requestRestart("again")).isFalse();
		assertThat(this.handler.reasons).singleElement().satisfies((reason) -> {
			assertThat(reason.rule()).isEqualTo(RestartReason.MANUAL);
			assertThat(reason.message()).isEqualTo("restart requested: manual (operator asked) after 0 tasks");
		});
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
		assertThat(watcher.isAcceptingTasks()).isFalse();
	}

	@Test
	void drainWaitsForInFlightTasksAndReportsWhatIsLeftOnTimeout() throws Exception {
		MemoryWatcher watcher = watcher(RestartRule.proceedTasks(1));
		TaskScope first = watcher.taskStarted();
		TaskScope second = watcher.taskStarted();
		first.close();
		assertThat(this.handler.reasons).hasSize(1);
		assertThat(watcher.awaitDrained(Duration.ofMillis(50))).isEqualTo(1);
		Thread closer = new Thread(() -> {
			sleep(100);
			second.close();
		});
		closer.start();
		assertThat(watcher.awaitDrained(Duration.ofSeconds(30))).isZero();
		closer.join();
		assertThat(watcher.snapshot().processedTasks()).isEqualTo(2);
	}

	@Test
	void taskThatThrowsCountsAsFailedAndTheExceptionReachesTheCaller() {
		MemoryWatcher watcher = watcher();
		assertThatIllegalStateException().isThrownBy(() -> watcher.run(() -> {
			throw new IllegalStateException("bad file");
		})).withMessage("bad file");
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.processedTasks()).isEqualTo(1);
		assertThat(snapshot.failedTasks()).isEqualTo(1);
		assertThat(snapshot.inFlightTasks()).isZero();
	}

	@Test
	void callReturnsTheTaskResultAndCountsASuccessfulTask() throws Exception {
		MemoryWatcher watcher = watcher();
		assertThat(watcher.call(() -> "parsed")).isEqualTo("parsed");
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.processedTasks()).isEqualTo(1);
		assertThat(snapshot.failedTasks()).isZero();
		assertThat(snapshot.inFlightTasks()).isZero();
	}

	@Test
	void callThatThrowsACheckedExceptionCountsAsFailedAndTheExceptionReachesTheCaller() {
		MemoryWatcher watcher = watcher();
		assertThatIOException().isThrownBy(() -> watcher.call(() -> {
			throw new IOException("unreadable file");
		})).withMessage("unreadable file");
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(snapshot.processedTasks()).isEqualTo(1);
		assertThat(snapshot.failedTasks()).isEqualTo(1);
		assertThat(snapshot.inFlightTasks()).isZero();
	}

	@Test
	void closingAScopeTwiceCountsTheTaskOnce() {
		MemoryWatcher watcher = watcher();
		TaskScope scope = watcher.taskStarted();
		scope.close();
		scope.close();
		assertThat(watcher.snapshot().processedTasks()).isEqualTo(1);
		assertThat(watcher.snapshot().inFlightTasks()).isZero();
	}

	@Test
	void brokenProbeNeverFailsATaskAndMemoryRulesDoNotFire() {
		MemoryWatcher watcher = watcher(RestartRule.extraConsumedBytes(MB));
		this.probe.fail();
		runTasks(watcher, 5);
		watcher.check();
		assertThat(this.handler.reasons).isEmpty();
		assertThat(watcher.snapshot().processedTasks()).isEqualTo(5);
	}

	@Test
	void onTheDaemonCheckThreadTheHandlerStartsItsWorkBeforeConsumersAreToldToStop() throws Exception {
		// Consumers told first may end their threads; a JVM left with only daemon threads would
		// then exit with code 0 before the handler's own thread exists.
		List<Boolean> acceptingWhileHandled = new java.util.concurrent.CopyOnWriteArrayList<>();
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.elapsedTime(Duration.ofSeconds(5))), this.probe,
				this.clock, (w, reason) -> acceptingWhileHandled.add(w.isAcceptingTasks()));
		runTasks(watcher, 1);
		this.clock.advance(Duration.ofSeconds(5));
		Thread check = new Thread(watcher::check, "daemon-check");
		check.setDaemon(true);
		check.start();
		check.join();
		assertThat(acceptingWhileHandled).containsExactly(true);
		assertThat(watcher.isAcceptingTasks()).isFalse();
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
	}

	@Test
	void onAConsumerThreadConsumersAreToldToStopBeforeTheHandlerRuns() throws Exception {
		List<Boolean> acceptingWhileHandled = new java.util.concurrent.CopyOnWriteArrayList<>();
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(1)), this.probe, this.clock,
				(w, reason) -> acceptingWhileHandled.add(w.isAcceptingTasks()));
		Thread consumer = new Thread(() -> runTasks(watcher, 1), "consumer");
		consumer.setDaemon(false);
		consumer.start();
		consumer.join();
		assertThat(acceptingWhileHandled).containsExactly(false);
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
	}

	@Test
	void handlerThatThrowsLeavesTheWatcherDraining() {
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(1)), this.probe, this.clock,
				(w, reason) -> {
					throw new IllegalStateException("handler broken on purpose");
				});
		runTasks(watcher, 1);
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
		assertThat(watcher.isAcceptingTasks()).isFalse();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
