package dev.karton.memorywatcher.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.karton.memorywatcher.CgroupMemoryProbe;
import dev.karton.memorywatcher.HeapAfterGcProbe;
import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHistoryFile;
import dev.karton.memorywatcher.RestartRecord;
import dev.karton.memorywatcher.RuleStatus;
import dev.karton.memorywatcher.WatcherSnapshot;
import dev.karton.memorywatcher.WatcherState;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MemorySourceAndStormGuardAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class))
			.withBean(ExitStrategy.class, () -> new RecordingExitStrategy(new CopyOnWriteArrayList<>()))
			.withPropertyValues("karton.memory-watcher.state-file=" + this.directory.resolve("app.restarts"));
	}

	@Test
	void heapSourceWatchesTheHeapAfterCollectionsAgainstTheMaximumHeap() {
		contextRunner()
			.withPropertyValues("karton.memory-watcher.memory-source=heap",
					"karton.memory-watcher.max-memory-percent-of-limit=80")
			.run((context) -> {
				assertThat(context.getBean(MemoryProbe.class)).isInstanceOf(HeapAfterGcProbe.class);
				WatcherSnapshot snapshot = context.getBean(MemoryWatcher.class).snapshot();
				assertThat(snapshot.memorySource()).isEqualTo("heap");
				assertThat(snapshot.memoryLimitBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
				assertThat(snapshot.memoryLimitDescription()).isEqualTo("maximum heap");
				assertThat(snapshot.rules()).singleElement().satisfies((rule) -> {
					assertThat(rule.rule()).isEqualTo("max-memory-percent-of-limit");
					assertThat(rule.limit()).contains("(80.0% of maximum heap ");
				});
			});
	}

	@Test
	void closingTheContextStopsTheHeapProbeListening() {
		HeapAfterGcProbe[] probe = new HeapAfterGcProbe[1];
		contextRunner().withPropertyValues("karton.memory-watcher.memory-source=heap")
			.run((context) -> probe[0] = (HeapAfterGcProbe) context.getBean(MemoryProbe.class));
		try (HeapAfterGcProbe listening = new HeapAfterGcProbe()) {
			System.gc();
			org.awaitility.Awaitility.await().until(() -> listening.measuredAt() != null);
		}
		assertThat(probe[0].measuredAt()).isNull();
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void anonymousResidentSetIsASourceOfItsOwn() {
		contextRunner().withPropertyValues("karton.memory-watcher.memory-source=rss-anon")
			.run((context) -> assertThat(context.getBean(MemoryWatcher.class).snapshot()).satisfies((snapshot) -> {
				assertThat(snapshot.memorySource()).isEqualTo("rss-anon");
				assertThat(snapshot.memoryLimitDescription()).isEqualTo("physical memory");
				assertThat(snapshot.currentBytes()).isPositive();
			}));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void containerSourceNeedsAMemoryCgroupWithALimitAndSaysWhenThereIsNone() {
		long realLimit;
		try (CgroupMemoryProbe real = CgroupMemoryProbe.locate(Path.of("/"))) {
			realLimit = real.limitBytes();
		}
		catch (Exception ex) {
			realLimit = -2;
		}
		long limit = realLimit;
		contextRunner().withPropertyValues("karton.memory-watcher.memory-source=container").run((context) -> {
			if (limit > 0) {
				assertThat(context.getBean(MemoryWatcher.class).snapshot().memoryLimitBytes()).isEqualTo(limit);
			}
			else {
				// This machine: cgroup v1 whose memory.limit_in_bytes is the "unlimited" sentinel.
				assertThat(context).hasFailed();
				assertThat(StartupFailures.invalidProperty(context.getStartupFailure()))
					.isInstanceOf(InvalidMemoryWatcherPropertyException.class)
					.hasMessageStartingWith("Invalid value 'container' for property "
							+ "'karton.memory-watcher.memory-source': another source, such as rss or heap, because "
							+ "container is not available here: ")
					.hasMessageContaining((limit == -1) ? "has no memory limit" : "no memory cgroup");
			}
		});
	}

	@Test
	void maxMemoryIsAnAbsoluteRuleWithABareNumberInMegabytes() {
		contextRunner().withPropertyValues("karton.memory-watcher.max-memory=512").run((context) -> {
			assertThat(context.getBean(MemoryWatcher.class).snapshot().rules()).extracting(RuleStatus::rule,
					RuleStatus::limit)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("max-memory", "512.0 MB"));
		});
	}

	@Test
	void warmUpBreachChecksAndJitterReachTheWatcher() {
		contextRunner()
			.withPropertyValues("karton.memory-watcher.baseline.after-tasks=100",
					"karton.memory-watcher.baseline.after=30", "karton.memory-watcher.breach-checks=3",
					"karton.memory-watcher.jitter=10", "karton.memory-watcher.proceed-tasks=1000",
					"karton.memory-watcher.elapsed-time=1h")
			.run((context) -> {
				WatcherSnapshot snapshot = context.getBean(MemoryWatcher.class).snapshot();
				assertThat(snapshot.baselineWhen()).isEqualTo("after 100 tasks and 30.0s since the first task");
				assertThat(snapshot.breachChecks()).isEqualTo(3);
				assertThat(snapshot.jitter().percent()).isEqualTo(10);
				double factor = snapshot.jitter().factor();
				assertThat(factor).isBetween(0.9, 1.1);
				assertThat(snapshot.rules()).extracting(RuleStatus::limit)
					.first()
					.asString()
					.startsWith(Math.round(1000 * factor) + " (1000 ");
				assertThat(snapshot.rules().get(1).limit()).contains("(1h ");
			});
	}

	@Test
	void theDefaultStateFileIsNamedAfterTheApplicationInTheTemporaryDirectory() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "pdf parser/v2");
		assertThat(MemoryWatcherAutoConfiguration.stateFile(new MemoryWatcherProperties(), environment))
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "memory-watcher", "pdf_parser_v2.restarts"));
		assertThat(MemoryWatcherAutoConfiguration.stateFile(new MemoryWatcherProperties(), new MockEnvironment()))
			.hasFileName("application.restarts");
	}

	@Test
	void theNextProcessShowsTheRestartOfThePreviousOneFromTheStateFile() {
		contextRunner().withPropertyValues("karton.memory-watcher.proceed-tasks=1").run((context) -> {
			context.getBean(MemoryWatcher.class).run(() -> {
			});
		});
		assertThat(this.directory.resolve("app.restarts")).exists();
		contextRunner().run((context) -> assertThat(context.getBean(MemoryWatcher.class).snapshot().restartHistory())
			.singleElement()
			.satisfies((restart) -> {
				assertThat(restart.rule()).isEqualTo("proceed-tasks");
				assertThat(restart.finishedTasks()).isEqualTo(1);
			}));
	}

	@Test
	void restartsFasterThanMaxRestartsPerWindowAreHeld() throws Exception {
		Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		new RestartHistoryFile(this.directory.resolve("app.restarts")).save(List.of(
				new RestartRecord(now.minus(Duration.ofMinutes(2)), "proceed-tasks", "rss", 1, 1, 1, "first"),
				new RestartRecord(now.minus(Duration.ofMinutes(1)), "proceed-tasks", "rss", 1, 1, 1, "second")));
		contextRunner()
			.withPropertyValues("karton.memory-watcher.proceed-tasks=1", "karton.memory-watcher.max-restarts=2",
					"karton.memory-watcher.restart-window=10m")
			.run((context) -> {
				MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
				watcher.run(() -> {
				});
				assertThat(watcher.state()).isEqualTo(WatcherState.RESTART_HELD);
				assertThat(watcher.isAcceptingTasks()).isTrue();
				assertThat(watcher.snapshot().restartHold().until())
					.isEqualTo(now.minus(Duration.ofMinutes(2)).plus(Duration.ofMinutes(10)));
			});
	}

	@Test
	void badValuesFailTheStartupNamingThePropertyAndWhatIsAccepted() {
		assertStartupFails("karton.memory-watcher.breach-checks=0",
				"'karton.memory-watcher.breach-checks': a whole number of at least 1");
		assertStartupFails("karton.memory-watcher.jitter=60", "'karton.memory-watcher.jitter': a percent from 0");
		assertStartupFails("karton.memory-watcher.jitter=-1", "'karton.memory-watcher.jitter'");
		assertStartupFails("karton.memory-watcher.max-memory=0", "'karton.memory-watcher.max-memory': a size");
		assertStartupFails("karton.memory-watcher.max-memory-percent-of-limit=0",
				"'karton.memory-watcher.max-memory-percent-of-limit': a percent greater than 0 and at most 100");
		assertStartupFails("karton.memory-watcher.max-memory-percent-of-limit=101",
				"'karton.memory-watcher.max-memory-percent-of-limit'");
		assertStartupFails("karton.memory-watcher.baseline.after-tasks=-1",
				"Invalid value '-1' for property 'karton.memory-watcher.baseline.after-tasks'");
		assertStartupFails("karton.memory-watcher.baseline.after=-1s", "'karton.memory-watcher.baseline.after'");
		assertStartupFails("karton.memory-watcher.max-restarts=-1", "'karton.memory-watcher.max-restarts'");
		assertStartupFails("karton.memory-watcher.restart-window=0s", "'karton.memory-watcher.restart-window'");
	}

	@Test
	void anUnknownMemorySourceFailsNamingTheProperty() {
		contextRunner().withPropertyValues("karton.memory-watcher.memory-source=swap").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'karton.memory-watcher.memory-source'");
		});
	}

	@Test
	void aPercentOfLimitOnAFigureWithoutALimitFailsNamingTheProperty() {
		contextRunner().withBean(MemoryProbe.class, UserProbe::new)
			.withPropertyValues("karton.memory-watcher.max-memory-percent-of-limit=80")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(StartupFailures.invalidProperty(context.getStartupFailure()))
					.hasMessage("Invalid value '80.0' for property 'karton.memory-watcher.max-memory-percent-of-limit': "
							+ "no value with the memory figure user, which has no limit (none): use max-memory "
							+ "instead, or a memory source with a limit");
			});
	}

	private void assertStartupFails(String property, String message) {
		contextRunner().withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.invalidProperty(context.getStartupFailure())).as(property)
				.isInstanceOf(InvalidMemoryWatcherPropertyException.class)
				.hasMessageContaining(message);
		});
	}

}
