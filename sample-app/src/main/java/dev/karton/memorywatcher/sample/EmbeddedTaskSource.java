package dev.karton.memorywatcher.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * An in-memory queue of files to parse, standing in for a real broker so that the sample runs with
 * no external service. Safe for several consumer threads: each task is handed out once.
 */
@Component
class EmbeddedTaskSource {

	private final AtomicLong offered = new AtomicLong();

	private final @Nullable Long count;

	private final long intervalNanos;

	EmbeddedTaskSource(SampleProperties properties) {
		this.count = properties.getTasks().getCount();
		this.intervalNanos = properties.getTasks().getInterval().toNanos();
	}

	/**
	 * Takes the next task, waiting up to the timeout as a broker poll would.
	 * @param timeout the longest wait when no task is left
	 * @return the task, or {@code null} when none came in time
	 * @throws InterruptedException if the consumer is interrupted while waiting
	 */
	@Nullable FileTask poll(Duration timeout) throws InterruptedException {
		if (this.intervalNanos > 0) {
			TimeUnit.NANOSECONDS.sleep(this.intervalNanos);
		}
		long id = this.offered.incrementAndGet();
		if (this.count != null && id > this.count) {
			this.offered.decrementAndGet();
			TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
			return null;
		}
		return new FileTask(id, "file-" + id + ".bin");
	}

}
