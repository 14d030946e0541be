package dev.karton.memorywatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;

class StormGuardTests {

	@TempDir
	Path directory;

	private final FakeClock clock = new FakeClock();

	private final FakeProbe probe = new FakeProbe(100 * MB, 1024 * MB);

	private RestartHistoryFile historyWithRestartsAgo(Duration... ago) {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		List<RestartRecord> records = new ArrayList<>();
		for (Duration age : ago) {
			records.add(new RestartRecord(this.clock.now().minus(age), "max-memory", "fake", 300 * MB, 100 * MB, 10,
					"restart requested"));
		}
		records.sort(java.util.Comparator.comparing(RestartRecord::at));
		file.save(records);
		return file;
	}

	private MemoryWatcher watcher(RecordingHandler handler, RestartHistoryFile file, int maxRestarts,
			RestartRule... rules) {
		return new MemoryWatcher(List.of(rules), this.probe, this.clock, handler,
				WatcherSettings.DEFAULTS.withHistoryFile(file).withRestartLimit(maxRestarts, Duration.ofMinutes(10)));
	}

	private static void runTasks(MemoryWatcher watcher, int count) {
		for (int i = 0; i < count; i++) {
			watcher.run(() -> {
			});
		}
	}

	@Test
	void restartsFasterThanTheLimitAreHeldWithAnErrorAndTheConsumerKeepsWorking() {
		RecordingHandler handler = new RecordingHandler();
		RestartHistoryFile file = historyWithRestartsAgo(Duration.ofMinutes(1), Duration.ofMinutes(2),
				Duration.ofMinutes(3));
		MemoryWatcher watcher = watcher(handler, file, 3, RestartRule.proceedTasks(2));
		try (LogRecorder log = new LogRecorder(MemoryWatcher.class)) {
			runTasks(watcher, 50);
			watcher.check();
			assertThat(handler.reasons).isEmpty();
			assertThat(watcher.isAcceptingTasks()).isTrue();
			assertThat(watcher.state()).isEqualTo(WatcherState.RESTART_HELD);
			assertThat(log.messagesAt(java.util.logging.Level.SEVERE)).as("one ERROR, not one per check")
				.singleElement()
				.asString()
				.startsWith("restart-storm guard: proceed-tasks fired (2 >= 2) but 3 restarts by rules in the last 10m")
				.contains("reach max-restarts 3 per restart-window 10m");
		}
		RestartHold hold = watcher.snapshot().restartHold();
		assertThat(hold).isNotNull();
		// The oldest of the three leaves the window 3 minutes ago + 10 minutes from now.
		assertThat(hold.until()).isEqualTo(this.clock.now().plus(Duration.ofMinutes(7)));
		assertThat(hold.since()).isEqualTo(this.clock.now());
	}

	@Test
	void aHeldRestartGoesAheadOnceTheWindowHasPassed() {
		RecordingHandler handler = new RecordingHandler();
		MemoryWatcher watcher = watcher(handler,
				historyWithRestartsAgo(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3)), 3,
				RestartRule.proceedTasks(2));
		runTasks(watcher, 2);
		this.clock.advance(Duration.ofMinutes(7).minusNanos(1));
		watcher.check();
		assertThat(handler.reasons).isEmpty();
		this.clock.advance(Duration.ofNanos(1));
		watcher.check();
		assertThat(handler.reasons).extracting(RestartReason::rule).containsExactly("proceed-tasks");
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
		assertThat(watcher.snapshot().restartHold()).isNull();
	}

	@Test
	void aPersonReleasesAHeldRestartByRequestingOne() {
		RecordingHandler handler = new RecordingHandler();
		MemoryWatcher watcher = watcher(handler,
				historyWithRestartsAgo(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3)), 3,
				RestartRule.proceedTasks(2));
		runTasks(watcher, 2);
		assertThat(watcher.state()).isEqualTo(WatcherState.RESTART_HELD);
		assertThat(watcher.requestRestart("looked at it")).isTrue();
		assertThat(handler.reasons).extracting(RestartReason::rule).containsExactly(RestartReason.MANUAL);
		assertThat(watcher.state()).isEqualTo(WatcherState.DRAINING);
	}

	@Test
	void restartsOutsideTheWindowAndManualRestartsDoNotCount() {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		Instant now = this.clock.now();
		file.save(List.of(
				new RestartRecord(now.minus(Duration.ofMinutes(30)), "max-memory", "fake", 1, 1, 1, "old"),
				new RestartRecord(now.minus(Duration.ofMinutes(10)), "max-memory", "fake", 1, 1, 1, "just out"),
				new RestartRecord(now.minus(Duration.ofMinutes(2)), RestartReason.MANUAL, "fake", 1, 1, 1, "deploy"),
				new RestartRecord(now.minus(Duration.ofMinutes(1)), RestartReason.MANUAL, "fake", 1, 1, 1, "deploy")));
		RecordingHandler handler = new RecordingHandler();
		MemoryWatcher watcher = watcher(handler, file, 1, RestartRule.proceedTasks(1));
		runTasks(watcher, 1);
		assertThat(handler.reasons).hasSize(1);
	}

	@Test
	void aLoopOfProcessesSharingTheStateFileStopsAtTheLimit() {
		// Each process restarts after its first task, as when a limit is set below what the
		// application needs; with max-restarts 3, the fourth process within the window holds.
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		List<WatcherState> states = new ArrayList<>();
		for (int process = 0; process < 5; process++) {
			MemoryWatcher watcher = watcher(new RecordingHandler(), file, 3, RestartRule.proceedTasks(1));
			runTasks(watcher, 1);
			states.add(watcher.state());
			this.clock.advance(Duration.ofSeconds(20));
		}
		assertThat(states).containsExactly(WatcherState.DRAINING, WatcherState.DRAINING, WatcherState.DRAINING,
				WatcherState.RESTART_HELD, WatcherState.RESTART_HELD);
		assertThat(file.load()).hasSize(3);
	}

	@Test
	void memoryAlreadyOverAnAbsoluteLimitAtTheBaselineHoldsUntilAPersonActs() {
		RecordingHandler handler = new RecordingHandler();
		this.probe.set(700 * MB);
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.maxMemory(600 * MB)), this.probe, this.clock,
				handler, WatcherSettings.DEFAULTS);
		try (LogRecorder log = new LogRecorder(MemoryWatcher.class)) {
			runTasks(watcher, 20);
			this.clock.advance(Duration.ofDays(1));
			watcher.check();
			assertThat(log.messagesAt(java.util.logging.Level.SEVERE)).singleElement()
				.asString()
				.startsWith("restart-storm guard: memory at the baseline, fake 700.0 MB, already exceeds "
						+ "max-memory 600.0 MB: a fresh process would start over the limit, so restarting cannot help");
		}
		assertThat(handler.reasons).isEmpty();
		assertThat(watcher.state()).isEqualTo(WatcherState.RESTART_HELD);
		assertThat(watcher.snapshot().restartHold()).satisfies((hold) -> assertThat(hold.until()).isNull());
		watcher.requestRestart("raised the limit");
		assertThat(handler.reasons).hasSize(1);
	}

	@Test
	void memoryUnderTheLimitAtTheBaselineDoesNotHold() {
		RecordingHandler handler = new RecordingHandler();
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.maxMemory(600 * MB)), this.probe, this.clock,
				handler, WatcherSettings.DEFAULTS);
		runTasks(watcher, 1);
		this.probe.set(600 * MB);
		runTasks(watcher, 1);
		assertThat(handler.reasons).extracting(RestartReason::rule).containsExactly("max-memory");
	}

}
