package dev.karton.memorywatcher;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Watches every task of a consumer and, when a {@link RestartRule} fires, asks its
 * {@link RestartHandler} to restart the process between tasks.
 * <p>
 * Threads: any number of consumer threads call {@link #taskStarted()} and close the returned
 * scope; a scheduler thread calls {@link #check()}; the restart handler's own thread calls
 * {@link #awaitDrained(Duration)} and {@link #markExiting()}; any thread may read
 * {@link #snapshot()}. Counters are atomics, the baseline is taken once under a lock and published
 * through a volatile flag, and the restart is decided by one compare-and-set, so exactly one
 * restart is requested however many threads cross a rule at once. The watcher never interrupts a
 * task: it only stops reporting that it accepts new ones.
 * <p>
 * Memory is read as a task finishes only when the memory read interval has passed since the last
 * such reading, so that a consumer running thousands of tasks per second pays for one reading
 * per interval, not one per task; a consumer slower than one task per interval still reads after
 * every task. The price is reaction time: a crossing is seen at the end of the first task that
 * finishes once the interval has passed, or at the next {@link #check()}. A compare-and-set on
 * the next reading's time picks the one consumer thread that reads when several finish at once.
 */
public final class MemoryWatcher {

	private static final System.Logger logger = System.getLogger(MemoryWatcher.class.getName());

	private final RestartRule[] rules;

	private final MemoryProbe probe;

	private final WatcherClock clock;

	private final RestartHandler handler;

	private final boolean rulesNeedMemory;

	private final long firstTaskCountThatCanFire;

	private final long firstElapsedNanosThatCanFire;

	private final long memoryReadIntervalNanos;

	// The monotonic time from which a finishing task reads memory again.
	private final AtomicLong nextMemoryReadNanos;

	private final AtomicLong finishedTasks = new AtomicLong();

	private final LongAdder failedTasks = new LongAdder();

	private final AtomicInteger inFlightTasks = new AtomicInteger();

	private final Object baselineLock = new Object();

	// Written once under baselineLock before baselineTaken is set, read after reading it.
	private volatile boolean baselineTaken;

	private long baselineBytes = -1;

	private long baselineNanos;

	private @Nullable Instant baselineTakenAt;

	private final AtomicReference<@Nullable RestartReason> restart = new AtomicReference<>();

	private volatile WatcherState state;

	private final Object drainMonitor = new Object();

	private volatile boolean memoryReadFailureLogged;

	/**
	 * Creates a watcher that reads memory after every task.
	 * @param rules the restart rules; none means observe only
	 * @param probe the memory figure
	 * @param clock the clocks
	 * @param handler what carries out a restart
	 */
	public MemoryWatcher(List<RestartRule> rules, MemoryProbe probe, WatcherClock clock, RestartHandler handler) {
		this(rules, probe, clock, handler, Duration.ZERO);
	}

	/**
	 * Creates a watcher.
	 * @param rules the restart rules; none means observe only
	 * @param probe the memory figure
	 * @param clock the clocks
	 * @param handler what carries out a restart
	 * @param memoryReadInterval the shortest time between two memory readings taken as tasks
	 * finish; zero reads after every task
	 */
	public MemoryWatcher(List<RestartRule> rules, MemoryProbe probe, WatcherClock clock, RestartHandler handler,
			Duration memoryReadInterval) {
		if (memoryReadInterval.isNegative()) {
			throw new IllegalArgumentException("memory-read-interval must be 0 or more, was " + memoryReadInterval);
		}
		this.memoryReadIntervalNanos = memoryReadInterval.toNanos();
		this.nextMemoryReadNanos = new AtomicLong(clock.nanoTime());
		this.rules = rules.toArray(new RestartRule[0]);
		this.probe = probe;
		this.clock = clock;
		this.handler = handler;
		this.rulesNeedMemory = rules.stream().anyMatch(RestartRule::needsMemory);
		this.firstTaskCountThatCanFire = rules.stream()
			.mapToLong(RestartRule::firstTaskCountThatCanFire)
			.min()
			.orElse(Long.MAX_VALUE);
		this.firstElapsedNanosThatCanFire = rules.stream()
			.mapToLong(RestartRule::firstElapsedNanosThatCanFire)
			.min()
			.orElse(Long.MAX_VALUE);
		this.state = rules.isEmpty() ? WatcherState.OBSERVE_ONLY : WatcherState.WATCHING;
		logger.log(Level.INFO, "memory figure in use: {0} ({1})", probe.name(), probe.description());
		if (rules.isEmpty()) {
			logger.log(Level.INFO, "no restart rule is configured: the memory watcher measures and reports, "
					+ "and restarts nothing");
		}
		else {
			logger.log(Level.INFO, "restart rules: {0}",
					rules.stream().map((rule) -> rule.name() + "=" + rule.limit()).collect(Collectors.joining(", ")));
		}
	}

	/**
	 * Starts a task. The first call takes the baseline. Close the returned scope when the task
	 * ends, in a {@code finally} block or with try-with-resources.
	 * @return the task's scope
	 */
	public TaskScope taskStarted() {
		startTask();
		return new TaskScope(this);
	}

	/**
	 * Runs one task; an exception counts it as failed and is rethrown.
	 * @param task the task
	 */
	public void run(Runnable task) {
		// No TaskScope here: the JIT does not always remove its allocation from a caller's loop.
		startTask();
		boolean failed = true;
		try {
			task.run();
			failed = false;
		}
		finally {
			taskFinished(failed);
		}
	}

	/**
	 * Calls one task; an exception counts it as failed and is rethrown.
	 * @param <T> the result type
	 * @param task the task
	 * @return the task's result
	 * @throws Exception what the task threw
	 */
	public <T> T call(Callable<T> task) throws Exception {
		startTask();
		boolean failed = true;
		try {
			T result = task.call();
			failed = false;
			return result;
		}
		finally {
			taskFinished(failed);
		}
	}

	/**
	 * Whether a consumer should take new work: {@code false} from the moment a restart is
	 * requested. Check it before taking a task from a queue, not after.
	 * @return {@code true} while no restart is requested
	 */
	public boolean isAcceptingTasks() {
		return this.restart.get() == null;
	}

	/**
	 * Requests a graceful restart through the same drain as a rule.
	 * @param reason why, for the log and the callbacks
	 * @return {@code true} if this call requested the restart, {@code false} if one already was
	 */
	public boolean requestRestart(String reason) {
		String message = "restart requested: " + RestartReason.MANUAL + " (" + reason + ") after "
				+ this.finishedTasks.get() + " tasks";
		return requestRestart(new RestartReason(RestartReason.MANUAL, message, this.clock.now()));
	}

	/**
	 * Checks every rule now, as after a task. A scheduler calls this so that an idle consumer
	 * still honours time and memory rules.
	 */
	public void check() {
		if (this.restart.get() == null) {
			evaluate(this.finishedTasks.get(), this.rulesNeedMemory);
		}
	}

	/**
	 * Waits until no task is in flight, or the timeout passes.
	 * @param timeout the longest wait
	 * @return the number of tasks still in flight, {@code 0} when drained
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public int awaitDrained(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.drainMonitor) {
			int inFlight;
			while ((inFlight = this.inFlightTasks.get()) > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return inFlight;
				}
				TimeUnit.NANOSECONDS.timedWait(this.drainMonitor, left);
			}
			return 0;
		}
	}

	/**
	 * Records that the drain is over and the process is exiting.
	 */
	public void markExiting() {
		this.state = WatcherState.EXITING;
	}

	/**
	 * What the watcher is doing now.
	 * @return the state
	 */
	public WatcherState state() {
		return this.state;
	}

	/**
	 * The restart once requested.
	 * @return the reason, or {@code null} while none is requested
	 */
	public @Nullable RestartReason restartReason() {
		return this.restart.get();
	}

	/**
	 * Reads every figure now, including a fresh memory figure.
	 * @return the snapshot
	 */
	public WatcherSnapshot snapshot() {
		Reading reading = read(this.finishedTasks.get(), true);
		List<RuleStatus> statuses = new ArrayList<>(this.rules.length);
		for (RestartRule rule : this.rules) {
			statuses.add(RuleStatus.of(rule, reading));
		}
		return new WatcherSnapshot(this.state, this.probe.name(), reading.baselineBytes(),
				this.baselineTaken ? this.baselineTakenAt : null, reading.currentBytes(), reading.finishedTasks(),
				this.failedTasks.sum(), this.inFlightTasks.get(), Duration.ofNanos(reading.elapsedNanos()),
				List.copyOf(statuses), this.restart.get());
	}

	private void startTask() {
		if (!this.baselineTaken) {
			takeBaseline();
		}
		this.inFlightTasks.incrementAndGet();
	}

	void taskFinished(boolean failed) {
		long finished = this.finishedTasks.incrementAndGet();
		if (failed) {
			this.failedTasks.increment();
		}
		this.inFlightTasks.decrementAndGet();
		if (this.restart.get() != null) {
			synchronized (this.drainMonitor) {
				this.drainMonitor.notifyAll();
			}
			return;
		}
		// The hot-path gate: no reading is built until some rule could fire, and memory is read at
		// most once per interval.
		if (finished >= this.firstTaskCountThatCanFire) {
			evaluate(finished, this.rulesNeedMemory);
		}
		else if (this.rulesNeedMemory || this.firstElapsedNanosThatCanFire != Long.MAX_VALUE) {
			long now = this.clock.nanoTime();
			boolean readMemory = this.rulesNeedMemory && claimMemoryRead(now);
			if (readMemory || now - this.baselineNanos >= this.firstElapsedNanosThatCanFire) {
				evaluate(finished, readMemory);
			}
		}
	}

	/**
	 * Whether this finishing task reads memory: once the interval has passed, the one thread whose
	 * compare-and-set moves the next reading's time on does.
	 */
	private boolean claimMemoryRead(long now) {
		long next = this.nextMemoryReadNanos.get();
		return now - next >= 0 && this.nextMemoryReadNanos.compareAndSet(next, now + this.memoryReadIntervalNanos);
	}

	private void takeBaseline() {
		synchronized (this.baselineLock) {
			if (this.baselineTaken) {
				return;
			}
			long bytes = readMemory();
			this.baselineBytes = Math.max(bytes, 0);
			this.baselineNanos = this.clock.nanoTime();
			this.baselineTakenAt = this.clock.now();
			this.baselineTaken = true;
			logger.log(Level.INFO, "baseline taken before the first task: {0} {1}", this.probe.name(),
					Figures.bytes(this.baselineBytes));
		}
	}

	private void evaluate(long finished, boolean withMemory) {
		Reading reading = read(finished, withMemory);
		for (RestartRule rule : this.rules) {
			if (rule.isReached(reading)) {
				requestRestart(new RestartReason(rule.name(), describe(rule, reading), this.clock.now()));
				return;
			}
		}
	}

	private Reading read(long finished, boolean withMemory) {
		boolean taken = this.baselineTaken;
		long baseline = taken ? this.baselineBytes : -1;
		long elapsed = taken ? this.clock.nanoTime() - this.baselineNanos : 0;
		long current = withMemory ? readMemory() : -1;
		return new Reading(finished, elapsed, baseline, current);
	}

	private String describe(RestartRule rule, Reading reading) {
		long current = (reading.currentBytes() >= 0) ? reading.currentBytes() : readMemory();
		return "restart requested: " + rule.name() + " " + rule.current(reading) + " >= " + rule.limit() + " ("
				+ this.probe.name() + " " + Figures.bytes(current) + ", baseline "
				+ Figures.bytes(Math.max(reading.baselineBytes(), 0)) + ") after " + reading.finishedTasks()
				+ " tasks";
	}

	/**
	 * Reads memory without ever failing a task: a broken probe is logged once and reads as -1,
	 * which no memory rule fires on.
	 */
	private long readMemory() {
		try {
			return this.probe.currentBytes();
		}
		catch (RuntimeException ex) {
			if (!this.memoryReadFailureLogged) {
				this.memoryReadFailureLogged = true;
				logger.log(Level.WARNING, "cannot read the memory figure " + this.probe.name()
						+ "; memory rules cannot fire until it can be read", ex);
			}
			return -1;
		}
	}

	private boolean requestRestart(RestartReason reason) {
		if (!this.restart.compareAndSet(null, reason)) {
			return false;
		}
		this.state = WatcherState.DRAINING;
		logger.log(Level.WARNING, reason.message());
		try {
			this.handler.restartRequested(this, reason);
		}
		catch (RuntimeException ex) {
			logger.log(Level.ERROR, "the restart handler failed; the watcher stays draining", ex);
		}
		return true;
	}

}
