package dev.karton.memorywatcher.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.karton.memorywatcher.MemoryWatcher;

/**
 * Throughput of an in-process consumer loop running {@value #TASKS} tasks, each through the
 * watcher or directly, with all four rules (memory rules included) configured. A task burns
 * {@code taskTokens} of JMH's calibrated CPU work; 0 is an empty task.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ConsumerThroughputBenchmark.TASKS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(5)
@State(Scope.Benchmark)
public class ConsumerThroughputBenchmark {

	static final int TASKS = 1_000_000;

	@Param({ "0", "100" })
	public long taskTokens;

	private MemoryWatcher watcher;

	private Runnable task;

	@Setup
	public void createWatcher() {
		this.watcher = NeverFiringRules.watcher();
		long tokens = this.taskTokens;
		this.task = () -> Blackhole.consumeCPU(tokens);
	}

	@Benchmark
	public void unwatched() {
		Runnable task = this.task;
		for (int i = 0; i < TASKS; i++) {
			task.run();
		}
	}

	@Benchmark
	public void watched() {
		Runnable task = this.task;
		MemoryWatcher watcher = this.watcher;
		for (int i = 0; i < TASKS; i++) {
			watcher.run(task);
		}
	}

}
