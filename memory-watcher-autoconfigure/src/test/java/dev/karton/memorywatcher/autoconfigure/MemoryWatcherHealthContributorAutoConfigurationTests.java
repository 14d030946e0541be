package dev.karton.memorywatcher.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.health.MemoryWatcherHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryWatcherHealthContributorAutoConfiguration}.
 */
class MemoryWatcherHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class,
				MemoryWatcherHealthContributorAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> (exitCode) -> {
		});

	@Test
	void runShouldCreateHealthIndicatorNamedMemoryWatcher() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MemoryWatcherHealthIndicator.class)
				.hasBean("memoryWatcherHealthIndicator");
			assertThat(context.getBean(MemoryWatcherHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void runWhenHealthIndicatorIsDisabledShouldNotCreateIt() {
		this.contextRunner.withPropertyValues("management.health.memorywatcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherHealthIndicator.class));
	}

	@Test
	void runWhenWatcherIsDisabledShouldNotCreateHealthIndicator() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherHealthIndicator.class));
	}

	@Test
	void runWhenUserDefinesHealthIndicatorShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserHealthIndicatorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MemoryWatcherHealthIndicator.class)
				.hasBean("userHealthIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthIndicatorConfiguration {

		@Bean
		MemoryWatcherHealthIndicator userHealthIndicator(MemoryWatcher watcher) {
			return new MemoryWatcherHealthIndicator(watcher);
		}

	}

}
