package dev.karton.memorywatcher.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskIntake;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The consumer: {@code sample.consumers} threads take files from the source and parse each one as
 * a watcher task, the way a hand-written queue consumer would use the {@link MemoryWatcher} API.
 * <p>
 * Threads: {@code sample-consumer-N} threads run the loop; the watcher's exit thread calls
 * {@link #stopIntake} and the context's closing thread calls {@link #stop()}; both only set the
 * flag and join the consumers, so a task in progress always finishes.
 */
@Component
class ConsumerLoop implements SmartLifecycle, TaskIntake {

	private static final Log logger = LogFactory.getLog(ConsumerLoop.class);

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

	private final MemoryWatcher watcher;

	private final EmbeddedTaskSource source;

	private final FileParser parser;

	private final int consumers;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	// The lifecycle's view, apart from running: stopIntake clears running at the start of a drain,
	// and a context closed during that drain (SIGTERM) must still call stop() and join the consumers.
	private volatile boolean started;

	ConsumerLoop(MemoryWatcher watcher, EmbeddedTaskSource source, FileParser parser, SampleProperties properties) {
		this.watcher = watcher;
		this.source = source;
		this.parser = parser;
		this.consumers = properties.getConsumers();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.started = true;
		for (int i = 1; i <= this.consumers; i++) {
			// Non-daemon: the consumers are what keeps this application alive.
			Thread thread = new Thread(this::consume, "sample-consumer-" + i);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void consume() {
		try {
			// Ask before taking a task, never after: a task taken is a task that must be finished.
			while (this.running && this.watcher.isAcceptingTasks()) {
				FileTask task = this.source.poll(POLL_TIMEOUT);
				if (task != null) {
					this.watcher.call(() -> {
						this.parser.parse(task);
						return null;
					});
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.error("Consumer stopped by an unexpected error", ex);
		}
	}

	@Override
	public void stopIntake(Duration timeout) throws InterruptedException {
		this.running = false;
		join(timeout);
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			join(Duration.ofSeconds(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.started = false;
	}

	private synchronized void join(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : this.threads) {
			TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

}
