package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHandler;
import dev.karton.memorywatcher.RuleStatus;
import dev.karton.memorywatcher.WatchedTask;
import dev.karton.memorywatcher.WatcherClock;
import dev.karton.memorywatcher.WatcherState;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MemoryWatcherAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> new RecordingExitStrategy(new CopyOnWriteArrayList<>()));

	@Test
	void runShouldCreateAnObservingWatcherWhenNoRuleIsSet() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MemoryWatcher.class).hasSingleBean(GracefulExit.class);
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			assertThat(watcher.state()).isEqualTo(WatcherState.OBSERVE_ONLY);
			assertThat(watcher.snapshot().memorySource()).isEqualTo(MemoryProbe.detect().name());
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateWatcher() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcher.class)
				.doesNotHaveBean(WatcherCheckScheduler.class));
	}

	@Test
	void runShouldBuildEveryRuleFromItsPropertyWithTheSeedsBareUnits() {
		this.contextRunner
			.withPropertyValues("karton.memory-watcher.proceed-tasks=100", "karton.memory-watcher.elapsed-time=5",
					"karton.memory-watcher.extra-consumed-memory-percent=80",
					"karton.memory-watcher.extra-consumed-megabytes=15")
			.run((context) -> {
				MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
				assertThat(watcher.state()).isEqualTo(WatcherState.WATCHING);
				assertThat(watcher.snapshot().rules()).extracting(RuleStatus::rule, RuleStatus::limit)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("proceed-tasks", "100"),
							org.assertj.core.groups.Tuple.tuple("elapsed-time", "5.0s"),
							org.assertj.core.groups.Tuple.tuple("extra-consumed-memory-percent", "80.0%"),
							org.assertj.core.groups.Tuple.tuple("extra-consumed-megabytes", "15.0 MB"));
				MemoryWatcherProperties properties = context.getBean(MemoryWatcherProperties.class);
				assertThat(properties.getElapsedTime()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getExitCode()).isEqualTo(75);
			});
	}

	@Test
	void runShouldBackOffFromUserBeans() {
		MemoryWatcher userWatcher = new MemoryWatcher(List.of(), new UserProbe(), WatcherClock.SYSTEM,
				(watcher, reason) -> {
				});
		this.contextRunner.withBean("userWatcher", MemoryWatcher.class, () -> userWatcher)
			.withBean("userProbe", MemoryProbe.class, UserProbe::new)
			.withBean("userHandler", RestartHandler.class, () -> (watcher, reason) -> {
			})
			.run((context) -> {
				assertThat(context.getBean(MemoryWatcher.class)).isSameAs(userWatcher);
				assertThat(context.getBean(MemoryProbe.class)).isInstanceOf(UserProbe.class);
				assertThat(context).doesNotHaveBean(GracefulExit.class);
			});
	}

	@Test
	void runShouldUseTheUsersMemoryProbe() {
		this.contextRunner.withBean("userProbe", MemoryProbe.class, UserProbe::new)
			.run((context) -> assertThat(context.getBean(MemoryWatcher.class).snapshot().memorySource())
				.isEqualTo("user"));
	}

	@Test
	void runWithZeroProceedTasksShouldFailNamingThePropertyAndWhatIsAccepted() {
		assertStartupFails("karton.memory-watcher.proceed-tasks=0",
				"Invalid value '0' for property 'karton.memory-watcher.proceed-tasks': a whole number of at least 1");
	}

	@Test
	void runWithNegativeProceedTasksShouldFail() {
		assertStartupFails("karton.memory-watcher.proceed-tasks=-5",
				"Invalid value '-5' for property 'karton.memory-watcher.proceed-tasks'");
	}

	@Test
	void runWithNegativeElapsedTimeShouldFail() {
		assertStartupFails("karton.memory-watcher.elapsed-time=-5",
				"property 'karton.memory-watcher.elapsed-time': a duration greater than 0");
	}

	@Test
	void runWithZeroPercentShouldFail() {
		assertStartupFails("karton.memory-watcher.extra-consumed-memory-percent=0",
				"property 'karton.memory-watcher.extra-consumed-memory-percent': a percent greater than 0");
	}

	@Test
	void runWithZeroMegabytesShouldFail() {
		assertStartupFails("karton.memory-watcher.extra-consumed-megabytes=0",
				"property 'karton.memory-watcher.extra-consumed-megabytes': a size greater than 0");
	}

	@Test
	void runWithExitCodeOutsideAByteShouldFail() {
		assertStartupFails("karton.memory-watcher.exit-code=256",
				"Invalid value '256' for property 'karton.memory-watcher.exit-code': a whole number from 0 to 255");
		assertStartupFails("karton.memory-watcher.exit-code=-1",
				"Invalid value '-1' for property 'karton.memory-watcher.exit-code'");
	}

	@Test
	void runWithZeroTimeoutsShouldFail() {
		assertStartupFails("karton.memory-watcher.drain-timeout=0s", "'karton.memory-watcher.drain-timeout'");
		assertStartupFails("karton.memory-watcher.check-interval=0s", "'karton.memory-watcher.check-interval'");
		assertStartupFails("karton.memory-watcher.callback-timeout=-1s", "'karton.memory-watcher.callback-timeout'");
	}

	@Test
	void runWithTextWhereANumberBelongsShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.proceed-tasks=lots").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'karton.memory-watcher.proceed-tasks'");
		});
	}

	@Test
	void watchedTaskMethodCallsAreTasksAndExceptionsCountAsFailures() {
		this.contextRunner.withUserConfiguration(WatchedBeansConfiguration.class).run((context) -> {
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			WatchedParser parser = context.getBean(WatchedParser.class);
			assertThat(parser.parse("a")).isEqualTo("parsed a");
			assertThatIllegalStateException().isThrownBy(() -> parser.parse("bad"));
			parser.notATask();
			WholeClassWatched whole = context.getBean(WholeClassWatched.class);
			whole.one();
			whole.two();
			assertThat(watcher.snapshot().processedTasks()).isEqualTo(4);
			assertThat(watcher.snapshot().failedTasks()).isEqualTo(1);
		});
	}

	@Test
	void watchedTaskWorksEvenWhenBootsAopAutoConfigurationIsOff() {
		this.contextRunner.withPropertyValues("spring.aop.auto=false")
			.withUserConfiguration(WatchedBeansConfiguration.class)
			.run((context) -> {
				context.getBean(WatchedParser.class).parse("a");
				assertThat(context.getBean(MemoryWatcher.class).snapshot().processedTasks()).isEqualTo(1);
			});
	}

	private void assertStartupFails(String property, String message) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.invalidProperty(context.getStartupFailure())).as(property)
				.isInstanceOf(InvalidMemoryWatcherPropertyException.class)
				.hasMessageContaining(message);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class WatchedBeansConfiguration {

		@Bean
		WatchedParser watchedParser() {
			return new WatchedParser();
		}

		@Bean
		WholeClassWatched wholeClassWatched() {
			return new WholeClassWatched();
		}

	}

	static class WatchedParser {

		@WatchedTask
		String parse(String file) {
			if (file.equals("bad")) {
				throw new IllegalStateException("cannot parse " + file);
			}
			return "parsed " + file;
		}

		void notATask() {
		}

	}

	@WatchedTask
	static class WholeClassWatched {

		void one() {
		}

		void two() {
		}

	}

}
