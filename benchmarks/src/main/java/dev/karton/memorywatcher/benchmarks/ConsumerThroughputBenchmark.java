package dev.karton.memorywatcher.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.karton.memorywatcher.MemoryWatcher;

/**
 * Throughput of an in-process consumer loop running {@value #TASKS} tasks through the watcher and
 * {@value #TASKS} tasks directly, side by side in each measurement (in alternating order), so that
 * the machine's load falls on both alike. The watcher has all four rules, memory rules included.
 * A task burns {@code taskTokens} of JMH's calibrated CPU work; 0 is an empty task.
 * <p>
 * Each iteration is one pair of loops. Read the secondary results: {@code watchedNanos} and
 * {@code unwatchedNanos} are the time each loop took, so the throughput ratio with/without of one
 * pair is {@code unwatchedNanos / watchedNanos}; {@code jmh_summary.py} takes the median over
 * every pair of a JSON result file. The primary score is the pair's total time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(3)
@State(Scope.Benchmark)
public class ConsumerThroughputBenchmark {

	static final int TASKS = 1_000_000;

	@Param({ "0", "100", "1000" })
	public long taskTokens;

	private MemoryWatcher watcher;

	private Runnable task;

	private boolean watchedFirst;

	@Setup
	public void createWatcher() {
		this.watcher = NeverFiringRules.watcher();
		long tokens = this.taskTokens;
		this.task = () -> Blackhole.consumeCPU(tokens);
	}

	@Benchmark
	public void sideBySide(LoopNanos nanos) {
		this.watchedFirst = !this.watchedFirst;
		if (this.watchedFirst) {
			nanos.watchedNanos += timeWatched();
			nanos.unwatchedNanos += timeUnwatched();
		}
		else {
			nanos.unwatchedNanos += timeUnwatched();
			nanos.watchedNanos += timeWatched();
		}
	}

	private long timeUnwatched() {
		Runnable task = this.task;
		long start = System.nanoTime();
		for (int i = 0; i < TASKS; i++) {
			task.run();
		}
		return System.nanoTime() - start;
	}

	private long timeWatched() {
		Runnable task = this.task;
		MemoryWatcher watcher = this.watcher;
		long start = System.nanoTime();
		for (int i = 0; i < TASKS; i++) {
			watcher.run(task);
		}
		return System.nanoTime() - start;
	}

	/**
	 * Time spent in each loop during one iteration, reported by JMH beside the score.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class LoopNanos {

		public long watchedNanos;

		public long unwatchedNanos;

		@Setup(Level.Iteration)
		public void clear() {
			this.watchedNanos = 0;
			this.unwatchedNanos = 0;
		}

	}

}
