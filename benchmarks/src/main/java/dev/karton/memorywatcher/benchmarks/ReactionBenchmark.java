package dev.karton.memorywatcher.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.TaskIntake;
import dev.karton.memorywatcher.TaskScope;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.autoconfigure.GracefulExit;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherProperties;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Reaction time: from the end of the task that crosses a rule to the start of the real
 * {@link GracefulExit} sequence (its readiness change to refusing traffic), and on to its call of
 * the exit strategy for an application context with no other bean. Each measurement is one
 * crossing in a fresh context; the memory reading is due as the crossing task ends. A thread start
 * is measured beside them as the floor.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 50)
@Measurement(iterations = 200)
@Fork(3)
public class ReactionBenchmark {

	@Benchmark
	public void crossingTaskEndToExitSequenceStart(WatchedContext watched) throws InterruptedException {
		watched.runCrossingTask();
		// Blocks rather than spins: on a 2-core machine a spinning thread delays the exit thread.
		watched.refusingTraffic.await();
	}

	@Benchmark
	public void crossingTaskEndToExitCall(WatchedContext watched) throws InterruptedException {
		watched.runCrossingTask();
		watched.exitCalled.await();
	}

	/**
	 * The floor under both figures: the exit sequence runs on a thread of its own, and starting a
	 * thread and waiting until it runs costs this much here.
	 */
	@Benchmark
	public void threadStartReference() throws InterruptedException {
		CountDownLatch ran = new CountDownLatch(1);
		new Thread(ran::countDown).start();
		ran.await();
	}

	/**
	 * A fresh application context with a watcher one task away from a restart, for each
	 * measurement.
	 */
	@State(Scope.Thread)
	public static class WatchedContext {

		static final long MEGABYTE = 1024 * 1024;

		static final long BASELINE_BYTES = 100 * MEGABYTE;

		@Param({ "proceed-tasks", "extra-consumed-megabytes" })
		public String rule;

		private final SettableProbe probe = new SettableProbe();

		private GenericApplicationContext context;

		private MemoryWatcher watcher;

		CountDownLatch refusingTraffic;

		CountDownLatch exitCalled;

		@Setup(Level.Iteration)
		public void startWatchedContext() throws InterruptedException {
			this.refusingTraffic = new CountDownLatch(1);
			this.exitCalled = new CountDownLatch(1);
			this.context = new GenericApplicationContext();
			this.context.addApplicationListener((ApplicationEvent event) -> {
				if (event instanceof AvailabilityChangeEvent<?> change
						&& change.getState() == ReadinessState.REFUSING_TRAFFIC) {
					this.refusingTraffic.countDown();
				}
			});
			this.context.refresh();
			MemoryWatcherProperties properties = new MemoryWatcherProperties();
			GracefulExit exit = new GracefulExit(this.context, this.context.getBeanProvider(TaskIntake.class),
					this.context.getBeanProvider(BeforeExitCallback.class), (code) -> this.exitCalled.countDown(),
					properties);
			this.probe.bytes = BASELINE_BYTES;
			this.watcher = new MemoryWatcher(List.of(rule()), this.probe, WatcherClock.SYSTEM, exit,
					properties.getMemoryReadInterval());
			// the baseline and one task below every limit, then a wait so a memory reading is due
			this.watcher.run(() -> {
			});
			TimeUnit.NANOSECONDS.sleep(properties.getMemoryReadInterval().toNanos() + 1);
		}

		private RestartRule rule() {
			return switch (this.rule) {
				case "proceed-tasks" -> RestartRule.proceedTasks(2);
				case "extra-consumed-megabytes" -> RestartRule.extraConsumedBytes(10 * MEGABYTE);
				default -> throw new IllegalArgumentException("Unknown rule " + this.rule);
			};
		}

		void runCrossingTask() {
			try (TaskScope scope = this.watcher.taskStarted()) {
				this.probe.bytes = BASELINE_BYTES + 20 * MEGABYTE;
			}
		}

		@TearDown(Level.Iteration)
		public void awaitExit() throws InterruptedException {
			if (!this.exitCalled.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The exit sequence did not reach the exit strategy within 10s");
			}
			this.context.close();
		}

	}

	/**
	 * A memory figure the benchmark sets, read from the consumer thread.
	 */
	static final class SettableProbe implements MemoryProbe {

		volatile long bytes;

		@Override
		public String name() {
			return "settable";
		}

		@Override
		public String description() {
			return "a figure the benchmark sets";
		}

		@Override
		public long currentBytes() {
			return this.bytes;
		}

	}

}
