package dev.karton.memorywatcher.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.autoconfigure.ExitStrategy;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the listeners of a restart test did, across both application contexts: which message each
 * processed, in which context, whether any was interrupted, or started in the first context after
 * its drain was over. Its {@link #drainRecorder()} records the end of the first context's drain, its
 * {@link #exitStrategy()} the exit instead of ending the JVM. Shared by the listener threads of
 * both contexts and read by the test thread; every field is concurrent, atomic or volatile.
 */
public final class MessageLedger {

	private static volatile MessageLedger current = new MessageLedger(Duration.ZERO);

	private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();

	private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

	private final Set<String> lateInFirstContext = ConcurrentHashMap.newKeySet();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger processedByFirstContext = new AtomicInteger();

	private final Duration work;

	private volatile int context = 1;

	private volatile int exitCode = -1;

	private volatile int inFlightAtExit = -1;

	private volatile boolean drained;

	private volatile int inFlightAtDrainEnd = -1;

	private MessageLedger(Duration work) {
		this.work = work;
	}

	/**
	 * Starts a fresh ledger, the one listeners and {@link LedgerExitConfiguration} use from now on.
	 * @param work how long each message takes to process
	 * @return the ledger
	 */
	public static MessageLedger startNew(Duration work) {
		current = new MessageLedger(work);
		return current;
	}

	/**
	 * The ledger of the running test, for listeners, which application contexts create.
	 * @return the ledger
	 */
	public static MessageLedger current() {
		return current;
	}

	/**
	 * Processes one message as a listener would: takes {@link #work} time and records it.
	 * @param id the message's id
	 */
	public void process(String id) {
		int context = this.context;
		if (context == 1 && this.drained) {
			this.lateInFirstContext.add(id);
		}
		this.inFlight.incrementAndGet();
		try {
			Thread.sleep(this.work.toMillis());
		}
		catch (InterruptedException ex) {
			this.interrupted.add(id);
			Thread.currentThread().interrupt();
		}
		finally {
			this.processed.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			if (context == 1) {
				this.processedByFirstContext.incrementAndGet();
			}
			this.inFlight.decrementAndGet();
		}
	}

	/**
	 * A before-exit callback that records the end of the drain, with what was still running.
	 * @return the callback
	 */
	public BeforeExitCallback drainRecorder() {
		return this::drained;
	}

	/**
	 * An exit strategy that records the exit, with what was still running, and leaves the JVM be.
	 * @return the exit strategy
	 */
	public ExitStrategy exitStrategy() {
		return this::exited;
	}

	private void drained(RestartReason reason) {
		this.inFlightAtDrainEnd = this.inFlight.get();
		this.drained = true;
	}

	private void exited(int exitCode) {
		this.inFlightAtExit = this.inFlight.get();
		this.exitCode = exitCode;
	}

	private boolean hasExited() {
		return this.exitCode != -1;
	}

	private int distinctProcessed() {
		return this.processed.size();
	}

	/**
	 * The restart every broker test plays: a first application context restarts after 500 tasks
	 * and exits through {@link #exitStrategy()}, then a second one on the same group or queue runs
	 * until every message is processed and the broker agrees that nothing is left. Then asserts
	 * the restart lost nothing, repeated nothing and cut nothing short.
	 * @param messages how many messages were sent, with ids 0 to messages - 1
	 * @param start starts a context with the given extra properties
	 * @param brokerSettled whether the broker holds nothing more for the consumers, asked while
	 * the second context runs
	 */
	public void restartAfter500Tasks(int messages, Function<String[], ConfigurableApplicationContext> start,
			Callable<Boolean> brokerSettled) {
		restart(messages, () -> start.apply(new String[] { "karton.memory-watcher.proceed-tasks=500" }),
				(first) -> {
				}, () -> start.apply(new String[0]), brokerSettled);
		assertThat(this.processedByFirstContext.get()).as("messages processed by the first context")
			.isGreaterThanOrEqualTo(500);
	}

	/**
	 * Like {@link #restartAfter500Tasks}, but the restart is requested while a message is being
	 * processed, so the drain has one to wait for.
	 * @param messages how many messages were sent, with ids 0 to messages - 1
	 * @param start starts a context
	 * @param brokerSettled whether the broker holds nothing more for the consumers
	 */
	public void restartWhileAMessageIsInHand(int messages, Supplier<ConfigurableApplicationContext> start,
			Callable<Boolean> brokerSettled) {
		restart(messages, start, (first) -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.inFlight.get() > 0);
			first.getBean(MemoryWatcher.class).requestRestart("a message is in hand");
		}, start, brokerSettled);
	}

	private void restart(int messages, Supplier<ConfigurableApplicationContext> startFirst,
			Consumer<ConfigurableApplicationContext> whileFirstRuns,
			Supplier<ConfigurableApplicationContext> startSecond, Callable<Boolean> brokerSettled) {
		try (ConfigurableApplicationContext first = startFirst.get()) {
			whileFirstRuns.accept(first);
			await().atMost(Duration.ofSeconds(60)).until(this::hasExited);
			assertThat(first.isActive()).as("first context closed before the exit").isFalse();
		}
		assertThat(this.processedByFirstContext.get()).as("messages processed by the first context")
			.isBetween(1, messages - 1);
		this.context = 2;
		try (ConfigurableApplicationContext second = startSecond.get()) {
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctProcessed() == messages);
			await().atMost(Duration.ofSeconds(30)).until(brokerSettled);
		}
		assertEveryMessageProcessedOnceWithoutInterruption(messages);
	}

	/**
	 * Asserts the restart lost nothing, repeated nothing and cut nothing short.
	 * @param messages how many messages were sent, with ids 0 to messages - 1
	 */
	private void assertEveryMessageProcessedOnceWithoutInterruption(int messages) {
		assertThat(this.exitCode).as("exit code of the first context").isEqualTo(75);
		assertThat(this.inFlightAtDrainEnd).as("messages still being processed when the drain was over").isZero();
		assertThat(this.inFlightAtExit).as("messages still being processed when the first context exited")
			.isZero();
		assertThat(this.lateInFirstContext).as("messages the first context took after its drain").isEmpty();
		assertThat(this.interrupted).as("interrupted messages").isEmpty();
		assertThat(this.processed).as("processed messages").hasSize(messages);
		for (int i = 0; i < messages; i++) {
			assertThat(this.processed.get(String.valueOf(i))).as("times message " + i + " was processed")
				.hasValue(1);
		}
	}

	@Override
	public String toString() {
		return "processed " + this.processed.size() + " distinct, " + this.processedByFirstContext.get()
				+ " by the first context, exit code " + this.exitCode;
	}

}
