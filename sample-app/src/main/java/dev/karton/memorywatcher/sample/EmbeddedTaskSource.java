package dev.karton.memorywatcher.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * An in-memory queue of files to parse, standing in for a real broker so that the sample runs with
 * no external service ({@code sample.source=embedded}, the default).
 */
@Component
@ConditionalOnProperty(name = "sample.source", havingValue = "embedded", matchIfMissing = true)
class EmbeddedTaskSource implements TaskSource {

	private final AtomicLong offered = new AtomicLong();

	private final @Nullable Long count;

	private final long intervalNanos;

	EmbeddedTaskSource(SampleProperties properties) {
		this.count = properties.getTasks().getCount();
		this.intervalNanos = properties.getTasks().getInterval().toNanos();
	}

	@Override
	public @Nullable SourceTask poll(Duration timeout) throws InterruptedException {
		if (this.intervalNanos > 0) {
			TimeUnit.NANOSECONDS.sleep(this.intervalNanos);
		}
		long id = this.offered.incrementAndGet();
		if (this.count != null && id > this.count) {
			this.offered.decrementAndGet();
			TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
			return null;
		}
		return new EmbeddedTask(new FileTask(Long.toString(id), "file-" + id + ".bin", null));
	}

	/**
	 * An embedded task needs no bookkeeping.
	 */
	private record EmbeddedTask(FileTask file) implements SourceTask {

		@Override
		public String id() {
			return this.file.id();
		}

		@Override
		public FileTask start() {
			return this.file;
		}

		@Override
		public void finished() {
		}

		@Override
		public void crashed(Exception failure) {
		}

	}

}
