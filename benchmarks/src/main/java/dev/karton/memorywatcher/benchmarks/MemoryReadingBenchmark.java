package dev.karton.memorywatcher.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.karton.memorywatcher.JvmMemoryProbe;
import dev.karton.memorywatcher.MemoryProbe;

/**
 * Cost of one reading of each memory source, next to reading {@code /proc/self/statm} afresh, the
 * slower way the rss probe avoids.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class MemoryReadingBenchmark {

	private static final Path STATM = Path.of("/proc/self/statm");

	private MemoryProbe rss;

	private MemoryProbe jvm;

	@Setup
	public void openProbes() {
		this.rss = MemoryProbe.detect();
		if (!"rss".equals(this.rss.name())) {
			throw new IllegalStateException("This benchmark needs /proc/self/statm; the probe found is "
					+ this.rss.name());
		}
		this.jvm = new JvmMemoryProbe();
	}

	@Benchmark
	public long rss() {
		return this.rss.currentBytes();
	}

	@Benchmark
	public long jvm() {
		return this.jvm.currentBytes();
	}

	@Benchmark
	public byte[] statmReadAllBytes() throws IOException {
		return Files.readAllBytes(STATM);
	}

}
