package dev.karton.memorywatcher;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
 * {@link #snapshot()}. Counters are atomics; the start and the baseline are each taken once under
 * a lock and published through volatile flags, which the hot path reads without locking; the
 * restart is decided by one compare-and-set, so exactly one restart is requested however many
 * threads cross a rule at once; the state only moves forward, by an atomic update. The watcher
 * never interrupts a task: it only stops reporting that it accepts new ones.
 * <p>
 * The hot path, {@link #taskStarted()} and {@link TaskScope#close()} (or {@link #run} and
 * {@link #call}, which allocate nothing), takes no lock unless a rule is due to be checked, or the
 * warm-up is over and the baseline not yet taken (once).
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

	private final WatcherSettings settings;

	private final boolean rulesNeedMemory;

	private final long firstTaskCountThatCanFire;

	private final long firstElapsedNanosThatCanFire;

	private final long baselineAfterNanos;

	private final long memoryReadIntervalNanos;

	// The monotonic time from which a finishing task reads memory again.
	private final AtomicLong nextMemoryReadNanos;

	private final AtomicLong finishedTasks = new AtomicLong();

	private final LongAdder failedTasks = new LongAdder();

	private final AtomicInteger inFlightTasks = new AtomicInteger();

	// Consecutive checks over the limit, per rule; only memory rules count them.
	private final AtomicIntegerArray breaches;

	private final Object baselineLock = new Object();

	// Written once under baselineLock before started is set, read after reading it.
	private volatile boolean started;

	private long startedNanos;

	// Written under baselineLock; the hot path reads only the flag.
	private volatile boolean baselineTaken;

	private volatile @Nullable Instant baselineTakenAt;

	// -1 until measured: the warm-up may end before the figure can be read (the heap before its
	// first collection of old regions); then the first figure read afterwards becomes the baseline.
	private volatile long baselineBytes = -1;

	// Set once by the thread that wins the restart; read on the hot path.
	private final AtomicBoolean restartDecided = new AtomicBoolean();

	// Published after the handler was called: what consumers read to stop taking work.
	private volatile @Nullable RestartReason restart;

	private final AtomicReference<WatcherState> state;

	private final AtomicReference<@Nullable RestartHold> hold = new AtomicReference<>();

	// Monotonic time before which the storm guard holds restarts by rules, from past restarts.
	private final long restartsHeldUntilNanos;

	private final @Nullable RestartHold rateHold;

	private volatile List<RestartRecord> history;

	// Opened once the requested restart is logged and saved in the history.
	private final CountDownLatch restartRecorded = new CountDownLatch(1);

	private final Object drainMonitor = new Object();

	private volatile boolean memoryReadFailureLogged;

	/**
	 * Creates a watcher that behaves as the seed did: baseline before the first task, no jitter, no
	 * restart history.
	 * @param rules the restart rules; none means observe only
	 * @param probe the memory figure
	 * @param clock the clocks
	 * @param handler what carries out a restart
	 */
	public MemoryWatcher(List<RestartRule> rules, MemoryProbe probe, WatcherClock clock, RestartHandler handler) {
		this(rules, probe, clock, handler, WatcherSettings.DEFAULTS);
	}

	/**
	 * Creates a watcher. Loads the restart history, if the settings name a file.
	 * @param rules the restart rules; none means observe only
	 * @param probe the memory figure
	 * @param clock the clocks
	 * @param handler what carries out a restart
	 * @param settings baseline, breach checks, jitter, history and storm guard
	 */
	public MemoryWatcher(List<RestartRule> rules, MemoryProbe probe, WatcherClock clock, RestartHandler handler,
			WatcherSettings settings) {
		this.rules = rules.toArray(new RestartRule[0]);
		this.probe = probe;
		this.clock = clock;
		this.handler = handler;
		this.settings = settings;
		this.breaches = new AtomicIntegerArray(this.rules.length);
		this.rulesNeedMemory = rules.stream().anyMatch(RestartRule::needsMemory);
		this.firstTaskCountThatCanFire = rules.stream()
			.mapToLong(RestartRule::firstTaskCountThatCanFire)
			.min()
			.orElse(Long.MAX_VALUE);
		this.firstElapsedNanosThatCanFire = rules.stream()
			.mapToLong(RestartRule::firstElapsedNanosThatCanFire)
			.min()
			.orElse(Long.MAX_VALUE);
		this.baselineAfterNanos = settings.baselineAfter().toNanos();
		this.memoryReadIntervalNanos = settings.memoryReadInterval().toNanos();
		this.nextMemoryReadNanos = new AtomicLong(clock.nanoTime());
		this.state = new AtomicReference<>(rules.isEmpty() ? WatcherState.OBSERVE_ONLY : WatcherState.WATCHING);
		RestartHistoryFile file = settings.historyFile();
		this.history = (file != null) ? file.load() : List.of();
		this.rateHold = rateHold(this.history, settings, clock.now());
		this.restartsHeldUntilNanos = (this.rateHold != null && this.rateHold.until() != null)
				? clock.nanoTime() + Duration.between(clock.now(), this.rateHold.until()).toNanos() : Long.MIN_VALUE;
		logStartup(rules, probe, settings);
		if (file != null && !this.history.isEmpty()) {
			RestartRecord last = this.history.get(this.history.size() - 1);
			logger.log(Level.INFO, "restart history in {0}: {1} restart(s), the last at {2} by {3}", file.path(),
					this.history.size(), last.at(), last.rule());
		}
	}

	private static void logStartup(List<RestartRule> rules, MemoryProbe probe, WatcherSettings settings) {
		logger.log(Level.INFO, "memory figure in use: {0} ({1}); limit: {2}", probe.name(), probe.description(),
				(probe.limitBytes() >= 0) ? Figures.bytes(probe.limitBytes()) + " (" + probe.limitDescription() + ")"
						: probe.limitDescription());
		if (rules.isEmpty()) {
			logger.log(Level.INFO, "no restart rule is configured: the memory watcher measures and reports, "
					+ "and restarts nothing");
			return;
		}
		logger.log(Level.INFO, "restart rules: {0}; baseline {1}; memory rules fire after {2} consecutive check(s)",
				rules.stream().map((rule) -> rule.name() + "=" + rule.limit()).collect(Collectors.joining(", ")),
				settings.baselineWhen(), settings.breachChecks());
	}

	/**
	 * The storm guard's verdict from past restarts: hold restarts by rules until enough of the
	 * recent ones have left the window.
	 */
	private static @Nullable RestartHold rateHold(List<RestartRecord> history, WatcherSettings settings, Instant now) {
		int max = settings.maxRestarts();
		if (max == 0) {
			return null;
		}
		Instant windowStart = now.minus(settings.restartWindow());
		List<Instant> recent = history.stream()
			.filter(RestartRecord::byRule)
			.map(RestartRecord::at)
			.filter(windowStart::isBefore)
			.sorted()
			.toList();
		if (recent.size() < max) {
			return null;
		}
		// The next restart may go once the window holds max - 1 of them.
		Instant until = recent.get(recent.size() - max).plus(settings.restartWindow());
		String reason = recent.size() + " restarts by rules in the last " + Figures.duration(settings.restartWindow())
				+ ", the last at " + recent.get(recent.size() - 1) + ", reach max-restarts " + max
				+ " per restart-window " + Figures.duration(settings.restartWindow());
		return new RestartHold(reason, now, until);
	}

	/**
	 * Starts a task. The first call starts the clock of time rules and, unless a warm-up is
	 * configured, takes the baseline. Close the returned scope when the task ends, in a
	 * {@code finally} block or with try-with-resources.
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
	 * requested. Check it before taking a task from a queue, not after. A restart held by the storm
	 * guard is not requested: the consumer keeps working.
	 * @return {@code true} while no restart is requested
	 */
	public boolean isAcceptingTasks() {
		return this.restart == null;
	}

	/**
	 * Requests a graceful restart through the same drain as a rule. The restart-storm guard does
	 * not hold it: this is how a person releases a held restart.
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
	 * still takes its baseline after the warm-up time and honours time and memory rules.
	 */
	public void check() {
		if (this.restartDecided.get()) {
			return;
		}
		long finished = this.finishedTasks.get();
		if (!this.baselineTaken && isWarmUpOver(finished)) {
			takeBaseline();
		}
		evaluate(finished, this.rulesNeedMemory);
	}

	/**
	 * Waits until no task is in flight and a requested restart is logged and in the restart
	 * history, or the timeout passes.
	 * @param timeout the longest wait
	 * @return the number of tasks still in flight, {@code 0} when drained
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public int awaitDrained(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		if (this.restartDecided.get()) {
			this.restartRecorded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
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
		advanceState(WatcherState.EXITING);
	}

	/**
	 * What the watcher is doing now.
	 * @return the state
	 */
	public WatcherState state() {
		return this.state.get();
	}

	/**
	 * The restart once requested.
	 * @return the reason, or {@code null} while none is requested
	 */
	public @Nullable RestartReason restartReason() {
		return this.restart;
	}

	/**
	 * Reads every figure now, including a fresh memory figure.
	 * @return the snapshot
	 */
	public WatcherSnapshot snapshot() {
		Reading reading = read(this.finishedTasks.get(), true);
		List<RuleStatus> statuses = new ArrayList<>(this.rules.length);
		for (int i = 0; i < this.rules.length; i++) {
			statuses.add(RuleStatus.of(this.rules[i], reading, this.breaches.get(i)));
		}
		Instant measuredAt = this.probe.measuredAt();
		if (measuredAt == null && reading.currentBytes() >= 0) {
			measuredAt = this.clock.now();
		}
		return new WatcherSnapshot(this.state.get(), this.probe.name(), reading.baselineBytes(),
				(reading.baselineBytes() >= 0) ? this.baselineTakenAt : null, reading.currentBytes(), reading.finishedTasks(),
				this.failedTasks.sum(), this.inFlightTasks.get(), Duration.ofNanos(reading.elapsedNanos()),
				List.copyOf(statuses), this.restart, this.probe.description(), this.probe.limitBytes(),
				this.probe.limitDescription(), measuredAt, this.settings.baselineWhen(), this.settings.breachChecks(),
				this.settings.jitter(), this.history, this.hold.get());
	}

	void taskFinished(boolean failed) {
		long finished = this.finishedTasks.incrementAndGet();
		if (failed) {
			this.failedTasks.increment();
		}
		this.inFlightTasks.decrementAndGet();
		// The decision, not the published reason: the drain may already wait for this task.
		if (this.restartDecided.get()) {
			synchronized (this.drainMonitor) {
				this.drainMonitor.notifyAll();
			}
			return;
		}
		if (!this.baselineTaken && isWarmUpOver(finished)) {
			takeBaseline();
		}
		// The hot-path gate: no reading is built until some rule could fire, and memory is read at
		// most once per interval.
		if (finished >= this.firstTaskCountThatCanFire) {
			evaluate(finished, this.rulesNeedMemory);
		}
		else if (this.rulesNeedMemory || this.firstElapsedNanosThatCanFire != Long.MAX_VALUE) {
			long now = this.clock.nanoTime();
			boolean readMemory = this.rulesNeedMemory && claimMemoryRead(now);
			if (readMemory || (this.started && now - this.startedNanos >= this.firstElapsedNanosThatCanFire)) {
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

	private void startTask() {
		if (!this.started) {
			start();
		}
		this.inFlightTasks.incrementAndGet();
	}

	private boolean isWarmUpOver(long finished) {
		return this.started && finished >= this.settings.baselineAfterTasks() && (this.baselineAfterNanos == 0
				|| this.clock.nanoTime() - this.startedNanos >= this.baselineAfterNanos);
	}

	private void start() {
		synchronized (this.baselineLock) {
			if (this.started) {
				return;
			}
			this.startedNanos = this.clock.nanoTime();
			this.started = true;
		}
		if (isWarmUpOver(0)) {
			takeBaseline();
		}
	}

	private void takeBaseline() {
		long bytes;
		synchronized (this.baselineLock) {
			if (this.baselineTaken) {
				return;
			}
			bytes = readMemory();
			this.baselineBytes = bytes;
			this.baselineTakenAt = this.clock.now();
			this.baselineTaken = true;
		}
		if (bytes >= 0) {
			logger.log(Level.INFO, "baseline taken {0}: {1} {2}", this.settings.baselineWhen(), this.probe.name(),
					Figures.bytes(bytes));
			holdIfOverAbsoluteLimit(bytes);
		}
		else {
			logger.log(Level.INFO, "warm-up over ({0}) but {1} is not measured yet; the baseline is its first "
					+ "figure", this.settings.baselineWhen(), this.probe.name());
		}
	}

	/**
	 * Sets the baseline from the first figure read after a warm-up that ended before the figure
	 * could be read.
	 */
	private long completeBaseline(long current) {
		synchronized (this.baselineLock) {
			if (this.baselineBytes >= 0) {
				return this.baselineBytes;
			}
			this.baselineBytes = current;
			this.baselineTakenAt = this.clock.now();
		}
		logger.log(Level.INFO, "baseline taken at the first measurement after the warm-up: {0} {1}",
				this.probe.name(), Figures.bytes(current));
		holdIfOverAbsoluteLimit(current);
		return current;
	}

	/**
	 * A fresh process whose memory is already over an absolute limit would restart again at once,
	 * and again (celery#4125): hold instead, until a person looks.
	 */
	private void holdIfOverAbsoluteLimit(long baseline) {
		Reading reading = new Reading(this.finishedTasks.get(), 0, baseline, baseline);
		for (RestartRule rule : this.rules) {
			if (rule.needsMemory() && !rule.measuresGrowth() && rule.isReached(reading)) {
				hold(new RestartHold("memory at the baseline, " + this.probe.name() + " " + Figures.bytes(baseline)
						+ ", already exceeds " + rule.name() + " " + rule.limit()
						+ ": a fresh process would start over the limit, so restarting cannot help; raise the limit "
						+ "or find what fills memory at startup", this.clock.now(), null));
				return;
			}
		}
	}

	private void evaluate(long finished, boolean withMemory) {
		Reading reading = read(finished, withMemory);
		RestartRule firing = null;
		// Every rule is checked, so that each memory rule's run of breaches stays current.
		for (int i = 0; i < this.rules.length; i++) {
			if (fires(i, reading) && firing == null) {
				firing = this.rules[i];
			}
		}
		if (firing != null) {
			fire(firing, reading);
		}
	}

	private boolean fires(int index, Reading reading) {
		RestartRule rule = this.rules[index];
		boolean reached = rule.isReached(reading);
		if (!rule.needsMemory()) {
			return reached;
		}
		if (reading.currentBytes() < 0) {
			// No figure (not measured yet, or unreadable) is no check: the run of breaches stands.
			return false;
		}
		if (reached) {
			return this.breaches.incrementAndGet(index) >= this.settings.breachChecks();
		}
		if (this.breaches.get(index) != 0) {
			this.breaches.set(index, 0);
		}
		return false;
	}

	private void fire(RestartRule rule, Reading reading) {
		RestartHold current = this.hold.get();
		if (current != null && current.until() == null) {
			return;
		}
		if (this.rateHold != null && this.clock.nanoTime() - this.restartsHeldUntilNanos < 0) {
			if (current != null) {
				// Already held and logged: each further check costs a clock read, nothing more.
				return;
			}
			hold(new RestartHold(rule.name() + " fired (" + rule.current(reading) + " >= " + rule.limit() + ") but "
					+ this.rateHold.reason() + ": the restart is held until " + this.rateHold.until()
					+ " instead of recycling in a loop", this.clock.now(), this.rateHold.until()));
			return;
		}
		requestRestart(new RestartReason(rule.name(), describe(rule, reading), this.clock.now()));
	}

	/**
	 * Holds the restart, logging once per hold; a hold only a person can release replaces one that
	 * ends with its window, never the other way round.
	 */
	private void hold(RestartHold newHold) {
		RestartHold current;
		do {
			current = this.hold.get();
			if (current != null && (current.until() == null || newHold.until() != null)) {
				return;
			}
		}
		while (!this.hold.compareAndSet(current, newHold));
		advanceState(WatcherState.RESTART_HELD);
		logger.log(Level.ERROR, "restart-storm guard: " + newHold.reason() + ". The consumer keeps working; "
				+ ((newHold.until() != null) ? "the restart goes ahead after " + newHold.until() + " if still due, or "
						: "")
				+ "when requested by hand (the memorywatcher endpoint, or MemoryWatcher.requestRestart)");
	}

	private Reading read(long finished, boolean withMemory) {
		long current = withMemory ? readMemory() : -1;
		long elapsed = this.started ? this.clock.nanoTime() - this.startedNanos : 0;
		long baseline = this.baselineBytes;
		if (baseline < 0 && current >= 0 && this.baselineTaken) {
			baseline = completeBaseline(current);
		}
		return new Reading(finished, elapsed, baseline, current);
	}

	private String describe(RestartRule rule, Reading reading) {
		long current = (reading.currentBytes() >= 0) ? reading.currentBytes() : readMemory();
		String breaches = (rule.needsMemory() && this.settings.breachChecks() > 1)
				? " for " + this.settings.breachChecks() + " consecutive checks" : "";
		return "restart requested: " + rule.name() + " " + rule.current(reading) + " >= " + rule.limit() + breaches
				+ " (" + this.probe.name() + " " + Figures.bytes(current) + ", baseline "
				+ ((reading.baselineBytes() >= 0) ? Figures.bytes(reading.baselineBytes()) : "not taken") + ") after "
				+ reading.finishedTasks() + " tasks";
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

	/**
	 * Decides the restart once, tells consumers ({@link #isAcceptingTasks()} turns false) and hands
	 * it to the handler. Consumers told to stop may end their threads, and a JVM left with daemon
	 * threads only exits with code 0 before the handler's own thread exists. A caller on a non-daemon
	 * thread (a consumer) keeps the JVM alive until the handler has started its thread, so consumers
	 * are told at once; a caller on a daemon thread (the periodic check) tells them only once the
	 * handler returned. The log line and the history file (milliseconds of I/O) come last, and
	 * {@link #awaitDrained(Duration)} waits for them, so they are done before the process exits.
	 */
	private boolean requestRestart(RestartReason reason) {
		if (!this.restartDecided.compareAndSet(false, true)) {
			return false;
		}
		boolean callerKeepsJvmAlive = !Thread.currentThread().isDaemon();
		if (callerKeepsJvmAlive) {
			publishRestart(reason);
		}
		try {
			this.handler.restartRequested(this, reason);
		}
		catch (RuntimeException ex) {
			logger.log(Level.ERROR, "the restart handler failed; the watcher stays draining", ex);
		}
		finally {
			if (!callerKeepsJvmAlive) {
				publishRestart(reason);
			}
			try {
				logger.log(Level.WARNING, reason.message());
				recordRestart(reason);
			}
			finally {
				this.restartRecorded.countDown();
			}
		}
		return true;
	}

	private void publishRestart(RestartReason reason) {
		this.restart = reason;
		advanceState(WatcherState.DRAINING);
		this.hold.set(null);
	}

	/**
	 * Adds the restart to the history and saves it, once, on the thread that requested it; a file
	 * that cannot be written is logged by the file and the restart goes on.
	 */
	private void recordRestart(RestartReason reason) {
		List<RestartRecord> updated = new ArrayList<>(this.history);
		updated.add(new RestartRecord(reason.requestedAt(), reason.rule(), this.probe.name(), readMemory(),
				this.baselineBytes, this.finishedTasks.get(), reason.message()));
		this.history = List.copyOf(updated);
		RestartHistoryFile file = this.settings.historyFile();
		if (file != null) {
			file.save(this.history);
		}
	}

	/** States only move forward, whichever thread gets there first. */
	private void advanceState(WatcherState target) {
		this.state.accumulateAndGet(target,
				(current, next) -> (next.ordinal() > current.ordinal()) ? next : current);
	}

}
