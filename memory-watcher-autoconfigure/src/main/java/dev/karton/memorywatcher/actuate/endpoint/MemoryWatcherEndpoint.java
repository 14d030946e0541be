package dev.karton.memorywatcher.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHold;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.RestartRecord;
import dev.karton.memorywatcher.RuleStatus;
import dev.karton.memorywatcher.WatcherSnapshot;
import dev.karton.memorywatcher.WatcherState;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.StringUtils;

/**
 * {@link Endpoint @Endpoint} that shows what the memory watcher thinks and, once the user grants
 * unrestricted access, requests a graceful restart.
 * <p>
 * Read-only by default: a restart over HTTP or JMX needs
 * {@code management.endpoint.memorywatcher.access=unrestricted}. Operations run on web or JMX
 * request threads; the watcher is safe to read and to ask for a restart from any thread, and the
 * restart itself runs on the restart handler's own thread, so a write answers at once.
 * <p>
 * Every key of the response is always present, {@code null} while its figure is not known:
 * Actuator leaves null values out, and a reader should not have to guess whether a key is missing
 * or not known yet.
 */
@Endpoint(id = "memorywatcher", defaultAccess = Access.READ_ONLY)
public class MemoryWatcherEndpoint {

	static final String DEFAULT_REASON = "requested through the memorywatcher endpoint";

	private final MemoryWatcher watcher;

	private final int exitCode;

	/**
	 * Creates the endpoint.
	 * @param watcher the watcher to show and to restart
	 * @param exitCode the exit code a restart ends the process with, as shown in the response
	 */
	public MemoryWatcherEndpoint(MemoryWatcher watcher, int exitCode) {
		this.watcher = watcher;
		this.exitCode = exitCode;
	}

	/**
	 * Reads every figure of the watcher now.
	 * @return the watcher's figures
	 */
	@ReadOperation
	public MemoryWatcherDescriptor memoryWatcher() {
		return MemoryWatcherDescriptor.of(this.watcher.snapshot(), this.exitCode);
	}

	/**
	 * Requests a graceful restart through the same drain as a rule.
	 * @param reason why, for the log and the before-exit callbacks; optional
	 * @return whether this request started the restart, and the restart under way
	 */
	@WriteOperation
	public RestartRequestDescriptor restart(@Nullable String reason) {
		boolean requested = this.watcher.requestRestart(StringUtils.hasText(reason) ? reason : DEFAULT_REASON);
		RestartReason restart = this.watcher.restartReason();
		return new RestartRequestDescriptor(requested,
				(restart != null) ? RestartDescriptor.of(restart, this.exitCode) : null);
	}

	/**
	 * What the memory watcher thinks at one moment.
	 *
	 * @param state what the watcher is doing
	 * @param memory the memory figures
	 * @param tasks the task counts
	 * @param rules every configured rule's standing, in the order they are checked, with the limits
	 * in effect after jitter
	 * @param breachChecks consecutive checks a memory rule must be over its limit before it fires
	 * @param jitter the jitter this process drew for {@code proceed-tasks} and {@code elapsed-time}
	 * @param restart the restart once requested, or {@code null} before
	 * @param restartHold the restart the storm guard holds, or {@code null} when none is held
	 * @param restartHistory the recent restarts of this application, oldest first, kept across
	 * processes in the state file
	 */
	@JsonInclude(Include.ALWAYS)
	public record MemoryWatcherDescriptor(WatcherState state, MemoryDescriptor memory, TasksDescriptor tasks,
			List<RuleDescriptor> rules, int breachChecks, JitterDescriptor jitter, @Nullable RestartDescriptor restart,
			@Nullable RestartHoldDescriptor restartHold,
			List<RestartRecordDescriptor> restartHistory) implements OperationResponseBody {

		static MemoryWatcherDescriptor of(WatcherSnapshot snapshot, int exitCode) {
			RestartReason restart = snapshot.restart();
			RestartHold hold = snapshot.restartHold();
			return new MemoryWatcherDescriptor(snapshot.state(), MemoryDescriptor.of(snapshot),
					TasksDescriptor.of(snapshot), snapshot.rules().stream().map(RuleDescriptor::of).toList(),
					snapshot.breachChecks(), new JitterDescriptor(snapshot.jitter().percent(), snapshot.jitter().factor()),
					(restart != null) ? RestartDescriptor.of(restart, exitCode) : null,
					(hold != null) ? new RestartHoldDescriptor(hold.reason(), hold.since(), hold.until()) : null,
					snapshot.restartHistory().stream().map(RestartRecordDescriptor::of).toList());
		}

	}

	/**
	 * The memory figure and its growth; a figure not known yet is {@code null}.
	 *
	 * @param source the memory figure in use, such as {@code rss}
	 * @param sourceDescription what the figure is and where it comes from
	 * @param limitBytes the figure's limit (container limit, maximum heap, machine memory), or
	 * {@code null} when it has none
	 * @param limitDescription what the limit is, or why there is none
	 * @param measuredAt when the figure was measured (the last collection for {@code heap})
	 * @param baselineWhen when the baseline is taken, such as "before the first task"
	 * @param baselineBytes the figure at the baseline
	 * @param baselineTakenAt when the baseline was taken
	 * @param currentBytes the figure now
	 * @param growthBytes how far the figure is over the baseline, negative when it shrank
	 * @param growthPercent the growth as a percent of the baseline
	 */
	@JsonInclude(Include.ALWAYS)
	public record MemoryDescriptor(String source, String sourceDescription, @Nullable Long limitBytes,
			String limitDescription, @Nullable Instant measuredAt, String baselineWhen, @Nullable Long baselineBytes,
			@Nullable Instant baselineTakenAt, @Nullable Long currentBytes, @Nullable Long growthBytes,
			@Nullable Double growthPercent) {

		static MemoryDescriptor of(WatcherSnapshot snapshot) {
			double ratio = snapshot.growthRatio();
			return new MemoryDescriptor(snapshot.memorySource(), snapshot.memorySourceDescription(),
					knownBytes(snapshot.memoryLimitBytes()), snapshot.memoryLimitDescription(),
					snapshot.memoryMeasuredAt(), snapshot.baselineWhen(), knownBytes(snapshot.baselineBytes()),
					snapshot.baselineTakenAt(), knownBytes(snapshot.currentBytes()),
					snapshot.hasGrowth() ? snapshot.growthBytes() : null, Double.isNaN(ratio) ? null : ratio * 100);
		}

		private static @Nullable Long knownBytes(long bytes) {
			return (bytes >= 0) ? bytes : null;
		}

	}

	/**
	 * The task counts since the process started.
	 *
	 * @param processed tasks finished, successful or failed
	 * @param failed tasks that finished with an exception
	 * @param inFlight tasks started and not yet finished
	 * @param sinceBaseline time since the baseline, or {@code null} before it
	 */
	@JsonInclude(Include.ALWAYS)
	public record TasksDescriptor(long processed, long failed, int inFlight, @Nullable Duration sinceBaseline) {

		static TasksDescriptor of(WatcherSnapshot snapshot) {
			return new TasksDescriptor(snapshot.processedTasks(), snapshot.failedTasks(), snapshot.inFlightTasks(),
					(snapshot.baselineTakenAt() != null) ? snapshot.elapsed() : null);
		}

	}

	/**
	 * One rule's standing.
	 *
	 * @param name the rule, named as its property, such as {@code proceed-tasks}
	 * @param limit the limit, formatted for people
	 * @param current the value compared with the limit, formatted like the limit
	 * @param progress {@code 0} far away, {@code 1} or more when the rule fires
	 * @param reached whether the limit is reached
	 * @param consecutiveBreaches checks in a row that found a memory rule over its limit
	 */
	public record RuleDescriptor(String name, String limit, String current, double progress, boolean reached,
			int consecutiveBreaches) {

		static RuleDescriptor of(RuleStatus status) {
			return new RuleDescriptor(status.rule(), status.limit(), status.current(), status.progress(),
					status.reached(), status.consecutiveBreaches());
		}

	}

	/**
	 * The jitter drawn once for this process.
	 *
	 * @param percent the largest deviation configured
	 * @param factor the factor drawn, applied to {@code proceed-tasks} and {@code elapsed-time}
	 */
	public record JitterDescriptor(double percent, double factor) {

	}

	/**
	 * A restart held by the restart-storm guard.
	 *
	 * @param reason why, with the figures
	 * @param since when the guard started holding
	 * @param until when the restart may go ahead if still due, or {@code null} when only a person
	 * can release it (with a restart request)
	 */
	@JsonInclude(Include.ALWAYS)
	public record RestartHoldDescriptor(String reason, Instant since, @Nullable Instant until) {

	}

	/**
	 * One restart of the application, from the history kept across processes.
	 *
	 * @param at when it was requested
	 * @param rule the rule that fired, or {@code manual}
	 * @param memorySource the memory figure's name
	 * @param memoryBytes the memory figure then, or {@code null} when not measured
	 * @param baselineBytes the baseline then, or {@code null} before it was taken
	 * @param finishedTasks tasks the process had finished
	 * @param reason the logged sentence
	 */
	@JsonInclude(Include.ALWAYS)
	public record RestartRecordDescriptor(Instant at, String rule, String memorySource, @Nullable Long memoryBytes,
			@Nullable Long baselineBytes, long finishedTasks, String reason) {

		static RestartRecordDescriptor of(RestartRecord record) {
			return new RestartRecordDescriptor(record.at(), record.rule(), record.memorySource(),
					MemoryDescriptor.knownBytes(record.memoryBytes()), MemoryDescriptor.knownBytes(record.baselineBytes()),
					record.finishedTasks(), record.message());
		}

	}

	/**
	 * A restart once requested.
	 *
	 * @param rule the rule that fired, or {@code manual}
	 * @param reason the logged sentence, with the figures
	 * @param requestedAt when the restart was requested
	 * @param exitCode the exit code the process will end with
	 */
	public record RestartDescriptor(String rule, String reason, Instant requestedAt, int exitCode) {

		static RestartDescriptor of(RestartReason restart, int exitCode) {
			return new RestartDescriptor(restart.rule(), restart.message(), restart.requestedAt(), exitCode);
		}

	}

	/**
	 * The answer to a restart request.
	 *
	 * @param requested {@code true} if this request started the restart, {@code false} if one was
	 * already under way
	 * @param restart the restart under way, or {@code null} if the watcher declined to restart
	 */
	@JsonInclude(Include.ALWAYS)
	public record RestartRequestDescriptor(boolean requested,
			@Nullable RestartDescriptor restart) implements OperationResponseBody {

	}

}
