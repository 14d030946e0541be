package dev.karton.memorywatcher.actuate.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.RuleStatus;
import dev.karton.memorywatcher.WatcherSnapshot;

/**
 * {@link MeterBinder} of the memory watcher's figures. Spring Boot binds it to its registry; meter
 * names are the constants of this class.
 * <p>
 * Every meter reads a fresh {@link MemoryWatcher#snapshot() snapshot} on the thread that publishes
 * or scrapes the registry: one memory read per meter per scrape, never on a task's thread.
 */
public class MemoryWatcherMetrics implements MeterBinder {

	/** Gauge of the memory figure taken before the first task, in bytes; tag {@code source}. */
	public static final String MEMORY_BASELINE = "memorywatcher.memory.baseline";

	/** Gauge of the memory figure now, in bytes; tag {@code source}. */
	public static final String MEMORY_CURRENT = "memorywatcher.memory.current";

	/** Gauge of the memory growth over the baseline as a ratio, {@code 0.5} for 50%; tag {@code source}. */
	public static final String MEMORY_GROWTH = "memorywatcher.memory.growth";

	/** Gauge of the memory figure's limit, in bytes, when it has one; tag {@code source}. */
	public static final String MEMORY_LIMIT = "memorywatcher.memory.limit";

	/** Counter of finished tasks; tag {@code outcome}: {@code success} or {@code failure}. */
	public static final String TASKS = "memorywatcher.tasks";

	/** Gauge of tasks started and not yet finished. */
	public static final String TASKS_IN_FLIGHT = "memorywatcher.tasks.in.flight";

	/** Gauge of how close each rule is to firing, {@code 1} when it fires; tag {@code rule}. */
	public static final String RULE_PROGRESS = "memorywatcher.rule.progress";

	/** Counter of restarts requested; tag {@code rule}, a rule's name or {@code manual}. */
	public static final String RESTARTS_REQUESTED = "memorywatcher.restarts.requested";

	/**
	 * Gauge of the restarts in the history kept across processes (the newest 20), by rule; tag
	 * {@code rule}. A gauge, not a counter: old restarts leave the history.
	 */
	public static final String RESTARTS_RECENT = "memorywatcher.restarts.recent";

	private final MemoryWatcher watcher;

	/**
	 * The highest success count reported so far. Processed and failed tasks are two counters read
	 * one after the other, so their difference can dip by a task that is counted processed but
	 * not yet failed; a counter must never go down.
	 */
	private final AtomicLong successfulTasks = new AtomicLong();

	/**
	 * Creates the binder.
	 * @param watcher the watcher whose figures to publish
	 */
	public MemoryWatcherMetrics(MemoryWatcher watcher) {
		this.watcher = watcher;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		WatcherSnapshot bound = this.watcher.snapshot();
		String source = bound.memorySource();
		Gauge.builder(MEMORY_BASELINE, this, (metrics) -> knownBytes(metrics.watcher.snapshot().baselineBytes()))
			.description("Memory figure before the first task")
			.baseUnit(BaseUnits.BYTES)
			.tag("source", source)
			.register(registry);
		Gauge.builder(MEMORY_CURRENT, this, (metrics) -> knownBytes(metrics.watcher.snapshot().currentBytes()))
			.description("Memory figure now")
			.baseUnit(BaseUnits.BYTES)
			.tag("source", source)
			.register(registry);
		Gauge.builder(MEMORY_GROWTH, this, (metrics) -> metrics.watcher.snapshot().growthRatio())
			.description("Memory growth over the baseline, relative to the baseline")
			.tag("source", source)
			.register(registry);
		if (bound.memoryLimitBytes() >= 0) {
			Gauge.builder(MEMORY_LIMIT, this, (metrics) -> knownBytes(metrics.watcher.snapshot().memoryLimitBytes()))
				.description("Limit of the memory figure: " + bound.memoryLimitDescription())
				.baseUnit(BaseUnits.BYTES)
				.tag("source", source)
				.register(registry);
		}
		FunctionCounter.builder(TASKS, this, MemoryWatcherMetrics::successfulTasks)
			.description("Tasks finished")
			.baseUnit(BaseUnits.TASKS)
			.tag("outcome", "success")
			.register(registry);
		FunctionCounter.builder(TASKS, this, (metrics) -> metrics.watcher.snapshot().failedTasks())
			.description("Tasks finished")
			.baseUnit(BaseUnits.TASKS)
			.tag("outcome", "failure")
			.register(registry);
		Gauge.builder(TASKS_IN_FLIGHT, this, (metrics) -> metrics.watcher.snapshot().inFlightTasks())
			.description("Tasks started and not yet finished")
			.register(registry);
		List<String> restartRules = new ArrayList<>();
		for (RuleStatus rule : bound.rules()) {
			Gauge.builder(RULE_PROGRESS, this, (metrics) -> metrics.progress(rule.rule()))
				.description("How close the rule is to firing; 1 when it fires")
				.tag("rule", rule.rule())
				.register(registry);
			restartRules.add(rule.rule());
		}
		restartRules.add(RestartReason.MANUAL);
		for (String rule : restartRules) {
			FunctionCounter.builder(RESTARTS_REQUESTED, this, (metrics) -> metrics.restartsRequested(rule))
				.description("Restarts requested")
				.tag("rule", rule)
				.register(registry);
			Gauge.builder(RESTARTS_RECENT, this,
					(metrics) -> metrics.watcher.snapshot().restartsByRule().getOrDefault(rule, 0L))
				.description("Restarts in the history kept across processes")
				.tag("rule", rule)
				.register(registry);
		}
	}

	private double successfulTasks() {
		WatcherSnapshot snapshot = this.watcher.snapshot();
		long success = snapshot.processedTasks() - snapshot.failedTasks();
		return this.successfulTasks.accumulateAndGet(success, Math::max);
	}

	private double progress(String rule) {
		for (RuleStatus status : this.watcher.snapshot().rules()) {
			if (status.rule().equals(rule)) {
				return status.progress();
			}
		}
		return Double.NaN;
	}

	private double restartsRequested(String rule) {
		RestartReason restart = this.watcher.restartReason();
		return (restart != null && restart.rule().equals(rule)) ? 1 : 0;
	}

	private static double knownBytes(long bytes) {
		return (bytes >= 0) ? bytes : Double.NaN;
	}

}
