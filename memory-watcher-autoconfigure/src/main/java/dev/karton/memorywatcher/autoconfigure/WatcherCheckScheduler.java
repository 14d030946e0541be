package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;

import org.springframework.context.SmartLifecycle;

/**
 * Checks the rules every {@code check-interval} on the daemon thread {@value #THREAD_NAME}, so that
 * an idle consumer still restarts on time and memory rules. Runs while the context runs.
 */
class WatcherCheckScheduler implements SmartLifecycle {

	static final String THREAD_NAME = "memory-watcher-check";

	private static final Log logger = LogFactory.getLog(WatcherCheckScheduler.class);

	private final MemoryWatcher watcher;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	WatcherCheckScheduler(MemoryWatcher watcher, Duration interval) {
		this.watcher = watcher;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void check() {
		try {
			this.watcher.check();
		}
		catch (RuntimeException ex) {
			// A failure must not cancel the schedule: later checks may succeed.
			logger.warn("Periodic memory watcher check failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
