package dev.karton.memorywatcher.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskIntake;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The consumer: {@code sample.consumers} threads take tasks from the {@link TaskSource} and parse
 * each one as a watcher task, the way a hand-written queue consumer uses the {@link MemoryWatcher}
 * API.
 * <p>
 * Threads: {@code sample-consumer-N} threads run the loop; the watcher's exit thread calls
 * {@link #stopIntake} and the context's closing thread calls {@link #stop()}; both only clear the
 * flag and join the consumers, so a task in progress always finishes.
 */
@Component
class ConsumerLoop implements SmartLifecycle, TaskIntake {

	private static final Log logger = LogFactory.getLog(ConsumerLoop.class);

	private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

	private final MemoryWatcher watcher;

	private final TaskSource source;

	private final FileParser parser;

	private final Ledger ledger;

	private final int consumers;

	private final List<Thread> threads = new ArrayList<>();

	/** The task each consumer thread is processing, to name a task the drain gave up on. */
	private final Map<String, String> inHand = new ConcurrentHashMap<>();

	private volatile boolean running;

	ConsumerLoop(MemoryWatcher watcher, TaskSource source, FileParser parser, Ledger ledger,
			SampleProperties properties) {
		this.watcher = watcher;
		this.source = source;
		this.parser = parser;
		this.ledger = ledger;
		this.consumers = properties.getConsumers();
	}

	@Override
	public synchronized void start() {
		this.running = true;
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
				SourceTask task = this.source.poll(POLL_TIMEOUT);
				if (task != null) {
					this.inHand.put(Thread.currentThread().getName(), task.id());
					try {
						this.watcher.call(() -> {
							process(task);
							return null;
						});
					}
					catch (InterruptedException ex) {
						throw ex;
					}
					catch (Exception ex) {
						logger.error("task " + task.id() + " crashed", ex);
					}
					finally {
						this.inHand.remove(Thread.currentThread().getName());
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void process(SourceTask task) throws Exception {
		this.ledger.started(task.id());
		try {
			FileTask file = task.start();
			this.parser.parse(file);
		}
		catch (Exception ex) {
			this.ledger.finished(task.id());
			task.crashed(ex);
			throw ex;
		}
		this.ledger.finished(task.id());
		task.finished();
	}

	@Override
	public void stopIntake(Duration timeout) throws InterruptedException {
		this.running = false;
		if (!join(timeout)) {
			this.inHand.forEach((thread, task) -> logger
				.warn("consumer " + thread + " is still processing task " + task + " after the drain timeout"));
		}
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
	}

	private synchronized boolean join(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : this.threads) {
			TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
		}
		return this.threads.stream().noneMatch(Thread::isAlive);
	}

	/**
	 * Running while any consumer thread is alive, not while intake is open: after the watcher
	 * stopped intake, a shutdown must still call {@link #stop()} and wait for the task in hand.
	 */
	@Override
	public synchronized boolean isRunning() {
		return this.threads.stream().anyMatch(Thread::isAlive);
	}

}
