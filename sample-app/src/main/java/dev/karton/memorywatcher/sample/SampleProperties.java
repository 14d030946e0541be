package dev.karton.memorywatcher.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Drives the sample: how many tasks the embedded source offers, how fast, how long each works and
 * how much native memory each one leaks.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	private final Tasks tasks = new Tasks();

	private final Leak leak = new Leak();

	/**
	 * Number of consumer threads taking tasks at once.
	 */
	private int consumers = 1;

	public Tasks getTasks() {
		return this.tasks;
	}

	public Leak getLeak() {
		return this.leak;
	}

	public int getConsumers() {
		return this.consumers;
	}

	public void setConsumers(int consumers) {
		Assert.isTrue(consumers >= 1, () -> "sample.consumers must be at least 1, was " + consumers);
		this.consumers = consumers;
	}

	/**
	 * The embedded task source.
	 */
	public static class Tasks {

		/**
		 * Number of tasks the source offers in all; unset means endless.
		 */
		private @Nullable Long count;

		/**
		 * Pause between two tasks offered by the source.
		 */
		private Duration interval = Duration.ofMillis(20);

		/**
		 * How long parsing one file takes.
		 */
		private Duration duration = Duration.ofMillis(5);

		public @Nullable Long getCount() {
			return this.count;
		}

		public void setCount(@Nullable Long count) {
			Assert.isTrue(count == null || count >= 0, () -> "sample.tasks.count must not be negative, was " + count);
			this.count = count;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			Assert.isTrue(!interval.isNegative(), () -> "sample.tasks.interval must not be negative, was " + interval);
			this.interval = interval;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			Assert.isTrue(!duration.isNegative(), () -> "sample.tasks.duration must not be negative, was " + duration);
			this.duration = duration;
		}

	}

	/**
	 * The leak each task leaves behind.
	 */
	public static class Leak {

		/**
		 * Native memory kept for ever by each task, as a parser's native library might.
		 */
		private DataSize perTask = DataSize.ofMegabytes(1);

		public DataSize getPerTask() {
			return this.perTask;
		}

		public void setPerTask(DataSize perTask) {
			Assert.isTrue(perTask.toBytes() >= 0 && perTask.toBytes() <= Integer.MAX_VALUE,
					() -> "sample.leak.per-task must be from 0 to 2GB, was " + perTask);
			this.perTask = perTask;
		}

	}

}
