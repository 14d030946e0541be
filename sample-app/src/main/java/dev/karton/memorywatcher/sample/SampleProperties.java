package dev.karton.memorywatcher.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	private final Karton karton = new Karton();

	/**
	 * Where tasks come from: the embedded in-memory source, or karton's queues in Redis.
	 */
	private Source source = Source.EMBEDDED;

	/**
	 * Number of consumer threads taking tasks at once.
	 */
	private int consumers = 1;

	/**
	 * File to which every process appends a line per task started and finished, for soak checks;
	 * unset means no ledger.
	 */
	private @Nullable Path ledger;

	public Source getSource() {
		return this.source;
	}

	public void setSource(Source source) {
		this.source = source;
	}

	public Karton getKarton() {
		return this.karton;
	}

	public @Nullable Path getLedger() {
		return this.ledger;
	}

	public void setLedger(@Nullable Path ledger) {
		this.ledger = ledger;
	}

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
	 * The task sources the sample can consume from.
	 */
	public enum Source {

		/** An in-memory source: no external service needed. */
		EMBEDDED,

		/** Karton's routed task queues in Redis (karton-core 5.x layout). */
		KARTON

	}

	/**
	 * The karton consumer, used with {@code sample.source=karton}.
	 */
	public static class Karton {

		/**
		 * Identity of this karton service: its queues are karton.queue.{high,normal,low}:IDENTITY.
		 */
		private String identity = "karton.sample-parser";

		/**
		 * Header filters of the bind registered in karton.binds, so that karton-system routes
		 * matching tasks here.
		 */
		private List<Map<String, String>> filters = new ArrayList<>(
				List.of(new LinkedHashMap<>(Map.of("type", "sample", "kind", "raw"))));

		/**
		 * Version of this service, shown by the karton dashboard.
		 */
		private String serviceVersion = "0.1.0";

		/**
		 * Karton-core version whose Redis layout this consumer speaks, announced in the bind and the
		 * Redis client name.
		 */
		private String kartonVersion = "5.9.1";

		/**
		 * Whether the service's queue persists while it is offline.
		 */
		private boolean persistent = true;

		public String getIdentity() {
			return this.identity;
		}

		public void setIdentity(String identity) {
			Assert.isTrue(!identity.isBlank() && identity.chars().noneMatch((c) -> c == ':' || c == '?'),
					() -> "sample.karton.identity must be non-blank without ':' or '?', was '" + identity + "'");
			this.identity = identity;
		}

		public List<Map<String, String>> getFilters() {
			return this.filters;
		}

		public void setFilters(List<Map<String, String>> filters) {
			this.filters = filters;
		}

		public String getServiceVersion() {
			return this.serviceVersion;
		}

		public void setServiceVersion(String serviceVersion) {
			this.serviceVersion = serviceVersion;
		}

		public String getKartonVersion() {
			return this.kartonVersion;
		}

		public void setKartonVersion(String kartonVersion) {
			this.kartonVersion = kartonVersion;
		}

		public boolean isPersistent() {
			return this.persistent;
		}

		public void setPersistent(boolean persistent) {
			this.persistent = persistent;
		}

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
