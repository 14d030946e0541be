package dev.karton.memorywatcher.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.autoconfigure.ExitStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the listeners of a restart test did, across both application contexts: which message each
 * processed, in which context, whether any was interrupted, or started in the first context after
 * its drain was over. Its {@link #drainRecorder()} records the end of the first context's drain, its
 * {@link #exitStrategy()} the exit instead of ending the JVM. Shared by the listener threads of both contexts and read by the test thread; every field is
 * concurrent or atomic.
 */
public final class MessageLedger {

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

	public MessageLedger(Duration work) {
		this.work = work;
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

	public boolean hasExited() {
		return this.exitCode != -1;
	}

	public int exitCode() {
		return this.exitCode;
	}

	public void secondContextStarts() {
		this.context = 2;
	}

	public int processedByFirstContext() {
		return this.processedByFirstContext.get();
	}

	public int distinctProcessed() {
		return this.processed.size();
	}

	/**
	 * Asserts the restart lost nothing, repeated nothing and cut nothing short.
	 * @param messages how many messages were sent, with ids 0 to messages - 1
	 */
	public void assertEveryMessageProcessedOnceWithoutInterruption(int messages) {
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
