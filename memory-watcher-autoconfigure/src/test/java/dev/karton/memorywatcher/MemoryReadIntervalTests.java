package dev.karton.memorywatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How often the watcher reads memory as tasks finish, and what a memory rule sees in between.
 */
class MemoryReadIntervalTests {

	private final FakeClock clock = new FakeClock();

	private final FakeProbe probe = new FakeProbe(100 * FakeProbe.MB);

	private final RecordingHandler handler = new RecordingHandler();

	private MemoryWatcher watcher(Duration memoryReadInterval) {
		return new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(10 * FakeProbe.MB)), this.probe, this.clock,
				this.handler, memoryReadInterval);
	}

	@Test
	void tasksFinishingWithinTheIntervalShareOneMemoryReading() {
		MemoryWatcher watcher = watcher(Duration.ofMillis(1));
		runTasks(watcher, 10);
		// one reading for the baseline, one as the first task finished
		assertThat(this.probe.reads()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(1));
		runTasks(watcher, 10);
		assertThat(this.probe.reads()).isEqualTo(3);
	}

	@Test
	void memoryGrowthIsSeenByTheFirstTaskFinishingOnceTheIntervalHasPassed() {
		MemoryWatcher watcher = watcher(Duration.ofMillis(1));
		runTasks(watcher, 1);
		this.probe.set(200 * FakeProbe.MB);
		this.clock.advance(Duration.ofMillis(1).minusNanos(1));
		runTasks(watcher, 1);
		assertThat(watcher.isAcceptingTasks()).isTrue();
		this.clock.advance(Duration.ofNanos(1));
		runTasks(watcher, 1);
		assertThat(watcher.isAcceptingTasks()).isFalse();
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.rule()).isEqualTo("extra-consumed-megabytes"));
	}

	@Test
	void periodicCheckReadsMemoryWithinTheInterval() {
		MemoryWatcher watcher = watcher(Duration.ofHours(1));
		runTasks(watcher, 1);
		this.probe.set(200 * FakeProbe.MB);
		runTasks(watcher, 1);
		assertThat(watcher.isAcceptingTasks()).isTrue();
		watcher.check();
		assertThat(watcher.isAcceptingTasks()).isFalse();
		assertThat(this.handler.reasons).hasSize(1);
	}

	@Test
	void zeroIntervalReadsMemoryAfterEveryTask() {
		MemoryWatcher watcher = watcher(Duration.ZERO);
		runTasks(watcher, 10);
		assertThat(this.probe.reads()).isEqualTo(11);
	}

	@Test
	void watcherWithoutAnIntervalReadsMemoryAfterEveryTask() {
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(10 * FakeProbe.MB)),
				this.probe, this.clock, this.handler);
		runTasks(watcher, 10);
		assertThat(this.probe.reads()).isEqualTo(11);
	}

	@Test
	void twoThreadsFinishingTasksWithinTheIntervalReadMemoryOnce() throws InterruptedException {
		MemoryWatcher watcher = watcher(Duration.ofMillis(1));
		runTasks(watcher, 1);
		this.clock.advance(Duration.ofMillis(1));
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				runTasks(watcher, 20_000);
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		// baseline, first task, and exactly one of the 40,000 tasks once the clock moved on
		assertThat(this.probe.reads()).isEqualTo(3);
		assertThat(watcher.snapshot().processedTasks()).isEqualTo(40_001);
	}

	@Test
	void negativeIntervalIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> watcher(Duration.ofMillis(-1)))
			.withMessage("memory-read-interval must be 0 or more, was PT-0.001S");
	}

	private static void runTasks(MemoryWatcher watcher, int tasks) {
		for (int i = 0; i < tasks; i++) {
			watcher.run(() -> {
			});
		}
	}

}
