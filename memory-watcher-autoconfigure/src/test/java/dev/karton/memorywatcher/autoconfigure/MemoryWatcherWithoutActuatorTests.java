package dev.karton.memorywatcher.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory watcher in an application without Actuator, Spring Boot's health support or
 * Micrometer: the endpoint, health and metrics auto-configurations step aside and the watcher
 * still restarts.
 */
class MemoryWatcherWithoutActuatorTests {

	private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
				"org.springframework.boot.micrometer", "io.micrometer"))
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class,
				MemoryWatcherEndpointAutoConfiguration.class, MemoryWatcherHealthContributorAutoConfiguration.class,
				MemoryWatcherMetricsAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> this.exitCode::complete)
		.withPropertyValues("management.endpoints.web.exposure.include=*", "karton.memory-watcher.proceed-tasks=2",
				"karton.memory-watcher.exit-code=9");

	@Test
	void runWithoutActuatorHealthOrMicrometerShouldWatchAndRestartWithoutThem() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MemoryWatcher.class);
			assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.startsWith("memoryWatcherEndpoint")
					|| name.startsWith("memoryWatcherHealth") || name.startsWith("memoryWatcherMetrics"));
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			watcher.run(() -> {
			});
			watcher.run(() -> {
			});
			assertThat(this.exitCode.get(10, TimeUnit.SECONDS)).isEqualTo(9);
		});
	}

}
