package dev.karton.memorywatcher.autoconfigure;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryWatcherEndpointAutoConfiguration}.
 */
class MemoryWatcherEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class,
				MemoryWatcherEndpointAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> (exitCode) -> {
		});

	@Test
	void runWhenEndpointIsExposedShouldCreateEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memorywatcher")
			.run((context) -> assertThat(context).hasSingleBean(MemoryWatcherEndpoint.class));
	}

	@Test
	void runWhenEndpointIsExposedShouldReportTheConfiguredExitCode() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memorywatcher",
					"karton.memory-watcher.exit-code=3", "karton.memory-watcher.proceed-tasks=100")
			.run((context) -> {
				// Both beans first: with no task in flight, the restart closes the context at once.
				MemoryWatcherEndpoint endpoint = context.getBean(MemoryWatcherEndpoint.class);
				context.getBean(MemoryWatcher.class).requestRestart("test");
				assertThat(endpoint.memoryWatcher().restart().exitCode()).isEqualTo(3);
			});
	}

	@Test
	void runWhenEndpointIsNotExposedShouldNotCreateEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotCreateEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memorywatcher",
					"management.endpoint.memorywatcher.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherEndpoint.class));
	}

	@Test
	void runWhenWatcherIsDisabledShouldNotCreateEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memorywatcher",
					"karton.memory-watcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherEndpoint.class));
	}

	@Test
	void runWhenUserDefinesEndpointShouldBackOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memorywatcher")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MemoryWatcherEndpoint.class)
				.hasBean("userMemoryWatcherEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		MemoryWatcherEndpoint userMemoryWatcherEndpoint(MemoryWatcher watcher) {
			return new MemoryWatcherEndpoint(watcher, 1);
		}

	}

}
