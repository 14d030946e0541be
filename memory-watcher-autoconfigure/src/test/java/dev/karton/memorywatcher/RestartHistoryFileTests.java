package dev.karton.memorywatcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;

class RestartHistoryFileTests {

	@TempDir
	Path directory;

	private final FakeClock clock = new FakeClock();

	private static RestartRecord record(String at, String rule) {
		return new RestartRecord(Instant.parse(at), rule, "rss", 612 * MB, 200 * MB, 1234,
				"restart requested: " + rule + " 612.0 MB >= 600.0 MB");
	}

	@Test
	void savedRestartsReadBackTheSameInANewProcess() {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("nested/dir/app.restarts"));
		List<RestartRecord> restarts = List.of(record("2026-11-26T10:00:00Z", "max-memory"),
				record("2026-11-26T11:30:00.123Z", RestartReason.MANUAL));
		assertThat(file.save(restarts)).isTrue();
		assertThat(new RestartHistoryFile(file.path()).load()).isEqualTo(restarts);
	}

	@Test
	void tabsAndLineBreaksInAMessageCannotBreakTheFile() {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		RestartRecord record = new RestartRecord(Instant.parse("2026-11-26T10:00:00Z"), "manual", "heap", -1, -1, 0,
				"operator said:\tleaks\nagain");
		file.save(List.of(record));
		assertThat(file.load()).singleElement()
			.satisfies((read) -> assertThat(read.message()).isEqualTo("operator said: leaks again"));
	}

	@Test
	void keepsOnlyTheNewestRestarts() {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		List<RestartRecord> many = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			many.add(record("2026-11-26T10:%02d:00Z".formatted(i), "proceed-tasks"));
		}
		file.save(many);
		assertThat(file.load()).hasSize(RestartHistoryFile.KEPT).first()
			.satisfies((oldest) -> assertThat(oldest.at()).isEqualTo(Instant.parse("2026-11-26T10:10:00Z")));
	}

	@Test
	void aMissingFileIsAnEmptyHistoryWithoutWarning() {
		try (LogRecorder log = new LogRecorder(RestartHistoryFile.class)) {
			assertThat(new RestartHistoryFile(this.directory.resolve("absent")).load()).isEmpty();
			assertThat(log.records).isEmpty();
		}
	}

	@Test
	void corruptLinesAreReportedOnceAndTheLinesThatParseAreKept() throws Exception {
		Path path = this.directory.resolve("app.restarts");
		RestartHistoryFile file = new RestartHistoryFile(path);
		file.save(List.of(record("2026-11-26T10:00:00Z", "max-memory")));
		Files.writeString(path, "garbage\nv1\tnot-a-number\tmax-memory\trss\t1\t1\t1\tm\n\u0000\u0001\u0002\n",
				StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
		try (LogRecorder log = new LogRecorder(RestartHistoryFile.class)) {
			assertThat(file.load()).extracting(RestartRecord::rule).containsExactly("max-memory");
			assertThat(log.messagesAt(Level.WARNING)).singleElement()
				.asString()
				.contains(path.toString(), "3 line(s) that do not parse, the first at line 3");
		}
	}

	@Test
	void aFileThatIsNotTextIsAnEmptyHistoryReportedOnce() throws Exception {
		Path path = this.directory.resolve("app.restarts");
		Files.write(path, new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE });
		try (LogRecorder log = new LogRecorder(RestartHistoryFile.class)) {
			assertThat(new RestartHistoryFile(path).load()).isEmpty();
			assertThat(log.messagesAt(Level.WARNING)).singleElement()
				.asString()
				.contains("cannot read the restart history " + path);
		}
	}

	@Test
	void aFileThatCannotBeWrittenIsReportedAndNeverThrows() throws Exception {
		// A regular file where the directory should be: no permission bits involved, so this holds
		// for root too.
		Path notADirectory = Files.writeString(this.directory.resolve("plain-file"), "x");
		RestartHistoryFile file = new RestartHistoryFile(notADirectory.resolve("app.restarts"));
		try (LogRecorder log = new LogRecorder(RestartHistoryFile.class)) {
			assertThat(file.save(List.of(record("2026-11-26T10:00:00Z", "max-memory")))).isFalse();
			assertThat(file.load()).isEmpty();
			assertThat(log.messagesAt(Level.WARNING)).hasSize(2)
				.anySatisfy((message) -> assertThat(message).contains("cannot write the restart history"));
		}
	}

	@Test
	void theNextProcessShowsTheRestartHistoryAndCountsRestartsByRule() {
		RestartHistoryFile file = new RestartHistoryFile(this.directory.resolve("app.restarts"));
		WatcherSettings settings = WatcherSettings.DEFAULTS.withHistoryFile(file);
		FakeProbe probe = new FakeProbe(100 * FakeProbe.MB, -1);
		for (String expectedRule : List.of("proceed-tasks", "proceed-tasks", RestartReason.MANUAL)) {
			RecordingHandler handler = new RecordingHandler();
			MemoryWatcher process = new MemoryWatcher(List.of(RestartRule.proceedTasks(2)), probe, this.clock, handler,
					settings);
			if (expectedRule.equals(RestartReason.MANUAL)) {
				process.requestRestart("deploy");
			}
			else {
				process.run(() -> {
				});
				process.run(() -> {
				});
			}
			assertThat(handler.reasons).extracting(RestartReason::rule).containsExactly(expectedRule);
			this.clock.advance(java.time.Duration.ofMinutes(1));
		}
		MemoryWatcher next = new MemoryWatcher(List.of(RestartRule.proceedTasks(2)), probe, this.clock,
				new RecordingHandler(), settings);
		WatcherSnapshot snapshot = next.snapshot();
		assertThat(snapshot.restartHistory()).extracting(RestartRecord::rule)
			.containsExactly("proceed-tasks", "proceed-tasks", RestartReason.MANUAL);
		assertThat(snapshot.restartHistory().get(0)).satisfies((first) -> {
			assertThat(first.memorySource()).isEqualTo("fake");
			assertThat(first.memoryBytes()).isEqualTo(100 * FakeProbe.MB);
			assertThat(first.finishedTasks()).isEqualTo(2);
			assertThat(first.at()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
		});
		assertThat(snapshot.restartsByRule()).containsExactly(java.util.Map.entry("manual", 1L),
				java.util.Map.entry("proceed-tasks", 2L));
	}

	@Test
	void theHandlerStartsBeforeTheHistoryIsWrittenAndTheDrainWaitsForTheWrite() throws Exception {
		// A consumer that sees isAcceptingTasks() turn false may end its thread; if that was the
		// last non-daemon thread, the JVM exits with 0 unless the handler's exit thread already runs.
		Path path = this.directory.resolve("app.restarts");
		java.util.concurrent.atomic.AtomicBoolean writtenWhenHandled = new java.util.concurrent.atomic.AtomicBoolean(true);
		java.util.concurrent.atomic.AtomicBoolean writtenWhenDrained = new java.util.concurrent.atomic.AtomicBoolean();
		List<Thread> exitThreads = new ArrayList<>();
		RestartHandler handler = (watcher, reason) -> {
			writtenWhenHandled.set(Files.exists(path));
			Thread exit = new Thread(() -> {
				try {
					watcher.awaitDrained(java.time.Duration.ofSeconds(10));
					writtenWhenDrained.set(Files.exists(path));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			exitThreads.add(exit);
			exit.start();
		};
		MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(1)), new FakeProbe(MB), this.clock,
				handler, WatcherSettings.DEFAULTS.withHistoryFile(new RestartHistoryFile(path)));
		watcher.run(() -> {
		});
		exitThreads.get(0).join(10_000);
		assertThat(writtenWhenHandled).isFalse();
		assertThat(writtenWhenDrained).isTrue();
	}

	@Test
	void aCorruptOrUnwritableStateFileNeverStopsTheConsumer() throws Exception {
		Path corrupt = Files.writeString(this.directory.resolve("corrupt.restarts"), "\u0000garbage\n");
		Path unwritable = Files.writeString(this.directory.resolve("plain-file"), "x").resolve("app.restarts");
		for (Path path : List.of(corrupt, unwritable)) {
			RecordingHandler handler = new RecordingHandler();
			MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(3)),
					new FakeProbe(MB, -1), this.clock, handler,
					WatcherSettings.DEFAULTS.withHistoryFile(new RestartHistoryFile(path)));
			for (int i = 0; i < 3; i++) {
				watcher.run(() -> {
				});
			}
			assertThat(handler.reasons).as(path.toString()).hasSize(1);
			assertThat(watcher.snapshot().restartHistory()).as("this process's restart is still shown").hasSize(1);
		}
		assertThat(new RestartHistoryFile(corrupt).load()).as("the corrupt file was replaced").hasSize(1);
	}

}
