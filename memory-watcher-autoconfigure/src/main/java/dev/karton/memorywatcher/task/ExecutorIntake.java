package dev.karton.memorywatcher.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.karton.memorywatcher.TaskIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Shuts the thread-pool task executors down when the watcher restarts: they refuse new tasks, run
 * the ones already queued, and this waits until they have. Otherwise queued tasks, which are not
 * in flight yet, would be dropped when the context closes the executor.
 * <p>
 * Runs on the watcher's exit thread, after the listener containers' intakes, because a message
 * finishing in a listener may still hand work to an executor.
 */
final class ExecutorIntake implements TaskIntake, Ordered {

	private static final Log logger = LogFactory.getLog(ExecutorIntake.class);

	private final ObjectProvider<ThreadPoolTaskExecutor> executors;

	ExecutorIntake(ObjectProvider<ThreadPoolTaskExecutor> executors) {
		this.executors = executors;
	}

	@Override
	public void stopIntake(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ThreadPoolTaskExecutor> executors = this.executors.stream().toList();
		executors.forEach(ThreadPoolTaskExecutor::initiateShutdown);
		for (ThreadPoolTaskExecutor executor : executors) {
			long left = Math.max(0, deadline - System.nanoTime());
			if (!executor.getThreadPoolExecutor().awaitTermination(left, TimeUnit.NANOSECONDS)) {
				logger.warn("Executor " + executor.getThreadNamePrefix() + " still has tasks when the drain timeout "
						+ "expired");
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public String toString() {
		return "thread-pool task executors";
	}

}
