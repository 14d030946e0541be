package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.karton.memorywatcher.TaskIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

/**
 * Stops a messaging library's listener containers through their asynchronous
 * {@link SmartLifecycle#stop(Runnable)} and waits for every stop callback, which each library runs
 * only once the container's consumers have finished, acknowledged or committed what they hold and
 * returned.
 * <p>
 * Threads: {@link #stopIntake} runs on the watcher's exit thread, never on a consumer thread, so
 * waiting here cannot make a container wait on itself. The stop callbacks run on the containers'
 * own threads and only count down a latch.
 */
public abstract class ListenerContainerIntake implements TaskIntake, Ordered {

	private static final Log logger = LogFactory.getLog(ListenerContainerIntake.class);

	private final String library;

	/**
	 * Creates the intake of one library.
	 * @param library the library's name, for the log
	 */
	protected ListenerContainerIntake(String library) {
		this.library = library;
	}

	/**
	 * Every listener container of the library, whether created by a registry or declared as a bean.
	 * @return the containers, possibly with duplicates
	 */
	protected abstract Collection<? extends SmartLifecycle> containers();

	/**
	 * The containers a library's endpoint registries created plus those declared as beans, as
	 * most {@link #containers()} implementations return; also what an integration hooks its
	 * tasks into.
	 * @param <R> the registry type
	 * @param registries the library's registries, usually one
	 * @param containersOf what a registry holds
	 * @param containerBeans the containers declared as beans
	 * @return the containers, possibly with duplicates
	 */
	public static <R> List<SmartLifecycle> registeredAndDeclared(ObjectProvider<R> registries,
			Function<R, Collection<? extends SmartLifecycle>> containersOf,
			ObjectProvider<? extends SmartLifecycle> containerBeans) {
		List<SmartLifecycle> containers = new ArrayList<>();
		registries.forEach((registry) -> containers.addAll(containersOf.apply(registry)));
		containerBeans.forEach(containers::add);
		return containers;
	}

	/**
	 * Prepares one running container for its stop, for libraries whose stop needs tuning to let
	 * in-hand messages finish within the drain timeout.
	 * @param container the container about to be stopped
	 * @param timeout the time left for the whole drain
	 */
	protected void beforeStop(SmartLifecycle container, Duration timeout) {
	}

	@Override
	public void stopIntake(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<SmartLifecycle> running = distinct(containers()).stream().filter(SmartLifecycle::isRunning).toList();
		if (running.isEmpty()) {
			return;
		}
		CountDownLatch stopped = new CountDownLatch(running.size());
		for (SmartLifecycle container : running) {
			try {
				beforeStop(container, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
				container.stop(stopped::countDown);
			}
			catch (RuntimeException ex) {
				stopped.countDown();
				logger.warn("Stopping " + this.library + " listener container " + container + " failed", ex);
			}
		}
		if (stopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			logger.info("Stopped " + running.size() + " " + this.library
					+ " listener container(s); what they held is processed");
		}
		else {
			logger.warn(stopped.getCount() + " " + this.library
					+ " listener container(s) still stopping when the drain timeout expired");
		}
	}

	/**
	 * Runs before the executors' intake: messages finishing in a listener may still hand work to an
	 * executor.
	 */
	@Override
	public int getOrder() {
		return 0;
	}

	private static List<SmartLifecycle> distinct(Collection<? extends SmartLifecycle> containers) {
		Map<SmartLifecycle, Boolean> seen = new IdentityHashMap<>();
		containers.forEach((container) -> seen.put(container, Boolean.TRUE));
		return List.copyOf(seen.keySet());
	}

	@Override
	public String toString() {
		return this.library + " listener containers";
	}

}
