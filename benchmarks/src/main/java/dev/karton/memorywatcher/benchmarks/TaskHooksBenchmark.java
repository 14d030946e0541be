package dev.karton.memorywatcher.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

/**
 * Cost of one empty task's start and finish hooks with all four seed rules configured, on one and
 * on two threads sharing one watcher, against the same JMH loop with no watcher. Two references
 * show where the cost goes: one read of the monotonic clock, which the time and memory rules need
 * after every task, and one atomic increment of a counter that two threads share, which the task
 * counters pay three times per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class TaskHooksBenchmark {

	private MemoryWatcher watcher;

	private final AtomicLong sharedCounter = new AtomicLong();

	@Setup
	public void createWatcher() {
		this.watcher = NeverFiringRules.watcher();
	}

	@Benchmark
	@Threads(1)
	public void baselineOneThread() {
		// the empty task, unwatched: what JMH's own loop costs
	}

	@Benchmark
	@Threads(1)
	public void watchedOneThread() {
		runWatchedEmptyTask();
	}

	@Benchmark
	@Threads(2)
	public void baselineTwoThreads() {
		// the empty task, unwatched: what JMH's own loop costs
	}

	@Benchmark
	@Threads(2)
	public void watchedTwoThreads() {
		runWatchedEmptyTask();
	}

	@Benchmark
	@Threads(1)
	public long clockReadOneThread() {
		return System.nanoTime();
	}

	@Benchmark
	@Threads(2)
	public long sharedCounterIncrementTwoThreads() {
		return this.sharedCounter.incrementAndGet();
	}

	private void runWatchedEmptyTask() {
		try (TaskScope scope = this.watcher.taskStarted()) {
			// the empty task
		}
	}

}
