package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHandler;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.TaskIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Carries out a restart: refuses traffic (readiness), stops every {@link TaskIntake}, waits for
 * in-flight tasks, runs every {@link BeforeExitCallback}, closes
 * the application context through {@link SpringApplication#exit} and ends the JVM through the
 * {@link ExitStrategy}.
 * <p>
 * Threads: {@link #restartRequested} is called once, on the consumer or scheduler thread that
 * crossed a rule, and only starts the non-daemon thread {@value #EXIT_THREAD_NAME}, which does all
 * the rest. Closing the context on a consumer thread would deadlock or stall: listener containers
 * wait for their own threads to return while stopping. The thread is non-daemon so that the JVM
 * cannot end with code 0 while it runs, once the consumers have stopped.
 */
public class GracefulExit implements RestartHandler {

	static final String EXIT_THREAD_NAME = "memory-watcher-exit";

	private static final Log logger = LogFactory.getLog(GracefulExit.class);

	private final ConfigurableApplicationContext context;

	private final ObjectProvider<TaskIntake> intakes;

	private final ObjectProvider<BeforeExitCallback> callbacks;

	private final ExitStrategy exitStrategy;

	private final MemoryWatcherProperties properties;

	/**
	 * Creates the exit sequence.
	 * @param context the context to close
	 * @param intakes what takes tasks, stopped first, in their {@code @Order}
	 * @param callbacks the callbacks, run in their {@code @Order}
	 * @param exitStrategy what ends the JVM
	 * @param properties exit code and timeouts
	 */
	public GracefulExit(ConfigurableApplicationContext context, ObjectProvider<TaskIntake> intakes,
			ObjectProvider<BeforeExitCallback> callbacks, ExitStrategy exitStrategy,
			MemoryWatcherProperties properties) {
		this.context = context;
		this.intakes = intakes;
		this.callbacks = callbacks;
		this.exitStrategy = exitStrategy;
		this.properties = properties;
	}

	@Override
	public void restartRequested(MemoryWatcher watcher, RestartReason reason) {
		Thread thread = new Thread(() -> exit(watcher, reason), EXIT_THREAD_NAME);
		thread.setDaemon(false);
		thread.start();
	}

	private void exit(MemoryWatcher watcher, RestartReason reason) {
		try {
			// Boot refuses traffic on close only for web contexts; a consumer must say it itself,
			// and before the drain, so that a readiness probe takes the pod out of service now.
			AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
			drain(watcher);
			watcher.markExiting();
			runCallbacks(reason);
			if (isShutdownInProgress() || !this.context.isActive()) {
				logger.info("The application is already shutting down; the memory watcher leaves the exit to it");
				return;
			}
			int exitCode = this.properties.getExitCode();
			logger.info("Closing the application context, then exiting with code " + exitCode);
			closeContext(exitCode);
			this.exitStrategy.exit(exitCode);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("The memory watcher's exit was interrupted; the process keeps running, draining");
		}
	}

	private void closeContext(int exitCode) {
		try {
			SpringApplication.exit(this.context, () -> exitCode);
		}
		catch (RuntimeException ex) {
			// A bean that fails to close must not keep the process alive.
			logger.error("Closing the application context failed; exiting anyway", ex);
		}
	}

	/**
	 * Stops every intake, then waits for in-flight tasks; both share one drain timeout.
	 */
	private void drain(MemoryWatcher watcher) throws InterruptedException {
		Duration timeout = this.properties.getDrainTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		for (TaskIntake intake : this.intakes.orderedStream().toList()) {
			try {
				intake.stopIntake(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
			catch (RuntimeException ex) {
				logger.warn("Stopping task intake " + intake + " failed; draining anyway", ex);
			}
		}
		int stillRunning = watcher.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		if (stillRunning > 0) {
			logger.warn("Drain timeout of " + timeout + " expired with " + stillRunning
					+ " task(s) still running; exiting anyway");
		}
		else {
			logger.info("Every in-flight task finished");
		}
	}

	private void runCallbacks(RestartReason reason) throws InterruptedException {
		List<BeforeExitCallback> ordered = this.callbacks.orderedStream().toList();
		for (BeforeExitCallback callback : ordered) {
			runIsolated(callback, reason);
		}
	}

	/**
	 * Runs one callback on a daemon thread of its own so that neither an exception nor a hang
	 * stops the restart; a callback that outlives its timeout is left running and dies with the
	 * JVM.
	 */
	private void runIsolated(BeforeExitCallback callback, RestartReason reason) throws InterruptedException {
		String name = callback.getClass().getName();
		Thread thread = new Thread(() -> {
			try {
				callback.beforeExit(reason);
			}
			catch (Exception | Error ex) {
				logger.warn("Before-exit callback " + name + " failed; the restart goes on", ex);
			}
		}, "memory-watcher-callback");
		thread.setDaemon(true);
		thread.start();
		Duration timeout = this.properties.getCallbackTimeout();
		thread.join(timeout.toMillis());
		if (thread.isAlive()) {
			logger.warn("Before-exit callback " + name + " still runs after " + timeout
					+ "; the restart goes on without it");
		}
	}

	/**
	 * Whether the JVM has begun its shutdown (a SIGTERM or another System.exit): adding a hook is
	 * refused then. Calling System.exit during a shutdown would block this thread for ever.
	 */
	static boolean isShutdownInProgress() {
		Thread probe = new Thread(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

}
