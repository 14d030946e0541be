/**
 * JMH benchmarks of what the memory watcher costs: per task, per memory reading, in consumer
 * throughput and in reaction time. Run from {@code benchmarks/target/benchmarks.jar}; see
 * BENCHMARKS.md.
 */
@NullMarked
package dev.karton.memorywatcher.benchmarks;

import org.jspecify.annotations.NullMarked;
