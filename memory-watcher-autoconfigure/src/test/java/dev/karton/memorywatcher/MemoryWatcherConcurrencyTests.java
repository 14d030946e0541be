package dev.karton.memorywatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;

class MemoryWatcherConcurrencyTests {

	private static final int THREADS = 8;

	private static final int TASKS_PER_THREAD = 20_000;

	@Test
	void manyThreadsCrossingRulesTogetherRequestExactlyOneRestartAndCountExactly() throws Exception {
		FakeProbe probe = new FakeProbe(100 * MB);
		RecordingHandler handler = new RecordingHandler();
		MemoryWatcher watcher = new MemoryWatcher(
				List.of(RestartRule.proceedTasks(THREADS * TASKS_PER_THREAD / 4), RestartRule.extraConsumedBytes(50 * MB)),
				probe, WatcherClock.SYSTEM, handler);
		AtomicLong acceptedAfterRestart = new AtomicLong();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < TASKS_PER_THREAD; i++) {
					if (thread == 0 && i == TASKS_PER_THREAD / 8) {
						probe.set(200 * MB);
					}
					if (!watcher.isAcceptingTasks()) {
						acceptedAfterRestart.incrementAndGet();
					}
					watcher.run(() -> {
					});
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		WatcherSnapshot snapshot = watcher.snapshot();
		assertThat(handler.reasons).hasSize(1);
		assertThat(snapshot.processedTasks()).isEqualTo((long) THREADS * TASKS_PER_THREAD);
		assertThat(snapshot.inFlightTasks()).isZero();
		assertThat(snapshot.failedTasks()).isZero();
		assertThat(acceptedAfterRestart.get()).as("the threads saw the restart").isPositive();
		assertThat(watcher.awaitDrained(java.time.Duration.ofSeconds(1))).isZero();
	}

}
