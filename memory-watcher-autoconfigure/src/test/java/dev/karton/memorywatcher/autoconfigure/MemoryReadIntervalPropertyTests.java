package dev.karton.memorywatcher.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.FakeProbe;
import dev.karton.memorywatcher.MemoryWatcher;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code karton.memory-watcher.memory-read-interval}: how often finishing tasks read memory.
 */
class MemoryReadIntervalPropertyTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class))
		.withUserConfiguration(FakeProbeConfiguration.class)
		.withPropertyValues("karton.memory-watcher.extra-consumed-megabytes=100000");

	@Test
	void defaultIntervalIsOneMillisecond() {
		this.contextRunner.run((context) -> assertThat(context.getBean(MemoryWatcherProperties.class)
			.getMemoryReadInterval()).hasMillis(1));
	}

	@Test
	void longIntervalLetsTasksSkipMemoryReadings() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.memory-read-interval=1h").run((context) -> {
			runTasks(context.getBean(MemoryWatcher.class), 1000);
			// one reading for the baseline, one as the first task finished
			assertThat(context.getBean(FakeProbe.class).reads()).isEqualTo(2);
		});
	}

	@Test
	void zeroIntervalReadsMemoryAfterEveryTask() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.memory-read-interval=0").run((context) -> {
			runTasks(context.getBean(MemoryWatcher.class), 1000);
			assertThat(context.getBean(FakeProbe.class).reads()).isEqualTo(1001);
		});
	}

	@Test
	void negativeIntervalFailsTheStartupNamingThePropertyAndWhatIsAccepted() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.memory-read-interval=-5ms").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMemoryWatcherPropertyException.class)
				.hasMessage("Invalid value 'PT-0.005S' for property 'karton.memory-watcher.memory-read-interval': "
						+ "a duration of 0 or more, such as 1ms or 50ms (0 reads memory after every task)");
		});
	}

	private static void runTasks(MemoryWatcher watcher, int tasks) {
		for (int i = 0; i < tasks; i++) {
			watcher.run(() -> {
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeProbeConfiguration {

		@Bean
		FakeProbe fakeProbe() {
			return new FakeProbe(100 * FakeProbe.MB);
		}

	}

}
