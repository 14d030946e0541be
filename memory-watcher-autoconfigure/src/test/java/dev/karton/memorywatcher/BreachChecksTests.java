package dev.karton.memorywatcher;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;

class BreachChecksTests {

	private final FakeClock clock = new FakeClock();

	private final FakeProbe probe = new FakeProbe(100 * MB, 1024 * MB);

	private final RecordingHandler handler = new RecordingHandler();

	private MemoryWatcher watcher(int breachChecks, RestartRule... rules) {
		return new MemoryWatcher(List.of(rules), this.probe, this.clock, this.handler,
				WatcherSettings.DEFAULTS.withBreachChecks(breachChecks));
	}

	private void runTaskEndingAt(MemoryWatcher watcher, long bytes) {
		this.probe.set(bytes);
		watcher.run(() -> {
		});
	}

	@Test
	void aMemoryRuleFiresOnlyOnTheThirdConsecutiveCheckOverItsLimit() {
		MemoryWatcher watcher = watcher(3, RestartRule.maxMemory(200 * MB));
		runTaskEndingAt(watcher, 100 * MB);
		runTaskEndingAt(watcher, 250 * MB);
		runTaskEndingAt(watcher, 250 * MB);
		assertThat(this.handler.reasons).isEmpty();
		assertThat(watcher.snapshot().rules()).singleElement().satisfies((rule) -> {
			assertThat(rule.reached()).isTrue();
			assertThat(rule.consecutiveBreaches()).isEqualTo(2);
		});
		runTaskEndingAt(watcher, 250 * MB);
		assertThat(this.handler.reasons).singleElement()
			.satisfies((reason) -> assertThat(reason.message()).startsWith(
					"restart requested: max-memory 250.0 MB >= 200.0 MB for 3 consecutive checks (fake 250.0 MB"));
	}

	@Test
	void aSingleSpikeDuringOneLargeTaskDoesNotRestart() {
		MemoryWatcher watcher = watcher(3, RestartRule.extraConsumedBytes(50 * MB));
		runTaskEndingAt(watcher, 100 * MB);
		runTaskEndingAt(watcher, 400 * MB);
		runTaskEndingAt(watcher, 400 * MB);
		runTaskEndingAt(watcher, 120 * MB);
		runTaskEndingAt(watcher, 400 * MB);
		runTaskEndingAt(watcher, 400 * MB);
		assertThat(this.handler.reasons).as("every run of breaches was broken before the third").isEmpty();
		runTaskEndingAt(watcher, 400 * MB);
		assertThat(this.handler.reasons).hasSize(1);
	}

	@Test
	void periodicChecksOfAnIdleConsumerCountAsChecks() {
		MemoryWatcher watcher = watcher(2, RestartRule.maxMemory(200 * MB));
		runTaskEndingAt(watcher, 100 * MB);
		this.probe.set(300 * MB);
		watcher.check();
		assertThat(this.handler.reasons).isEmpty();
		watcher.check();
		assertThat(this.handler.reasons).hasSize(1);
	}

	@Test
	void taskAndTimeRulesAreNotDelayedByBreachChecks() {
		MemoryWatcher watcher = watcher(5, RestartRule.proceedTasks(2), RestartRule.maxMemory(200 * MB));
		runTaskEndingAt(watcher, 100 * MB);
		runTaskEndingAt(watcher, 300 * MB);
		assertThat(this.handler.reasons).extracting(RestartReason::rule).containsExactly("proceed-tasks");
	}

	@Test
	void oneBreachCheckFiresOnTheFirstCheckAsTheSeedDid() {
		MemoryWatcher watcher = watcher(1, RestartRule.maxMemory(200 * MB));
		runTaskEndingAt(watcher, 100 * MB);
		assertThat(this.handler.reasons).isEmpty();
		runTaskEndingAt(watcher, 200 * MB);
		assertThat(this.handler.reasons).hasSize(1);
		assertThat(this.handler.reasons.get(0).message()).doesNotContain("consecutive");
	}

}
