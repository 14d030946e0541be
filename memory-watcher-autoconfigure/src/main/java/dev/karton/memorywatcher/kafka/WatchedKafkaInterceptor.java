package dev.karton.memorywatcher.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Makes each record, or each batch for a batch listener, one task: it starts when the container
 * hands the record to the listener and ends with the container's success or failure report.
 * <p>
 * Threads: one instance serves every container of a factory; the container calls
 * {@code intercept}, then {@code success} or {@code failure}, then {@code afterRecord}, all on the
 * consumer thread that polled the record, so the open task is kept in a thread-local. It is placed
 * last in a composite, after the user's interceptors, so a record one of them skips (returns
 * {@code null} for) is not a task.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class WatchedKafkaInterceptor<K, V> implements RecordInterceptor<K, V>, BatchInterceptor<K, V> {

	private final MemoryWatcher watcher;

	private final ThreadLocal<@Nullable TaskScope> openTask = new ThreadLocal<>();

	/**
	 * Creates the interceptor.
	 * @param watcher the watcher that counts the tasks
	 */
	public WatchedKafkaInterceptor(MemoryWatcher watcher) {
		this.watcher = watcher;
	}

	@Override
	public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		start();
		return record;
	}

	@Override
	public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		finish(false);
	}

	@Override
	public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
		finish(true);
	}

	/**
	 * Closes a task that got neither success nor failure, which the container does not promise
	 * for every path.
	 */
	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		finish(false);
	}

	@Override
	public ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		start();
		return records;
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		finish(false);
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		finish(true);
	}

	private void start() {
		// A task left open means the container skipped its end report: end it before the next.
		finish(false);
		this.openTask.set(this.watcher.taskStarted());
	}

	private void finish(boolean failed) {
		TaskScope scope = this.openTask.get();
		if (scope == null) {
			return;
		}
		this.openTask.remove();
		if (failed) {
			scope.markFailed();
		}
		scope.close();
	}

}
