package dev.karton.memorywatcher.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.metrics.MemoryWatcherMetrics;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemoryWatcherMetricsAutoConfiguration}.
 */
class MemoryWatcherMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class,
				MemoryWatcherMetricsAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> (exitCode) -> {
		});

	@Test
	void runWithBootsMeterRegistryShouldBindTheMeters() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("karton.memory-watcher.proceed-tasks=4")
			.run((context) -> {
				assertThat(context).hasSingleBean(MemoryWatcherMetrics.class);
				context.getBean(MemoryWatcher.class).run(() -> {
				});
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(MemoryWatcherMetrics.TASKS).tag("outcome", "success").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get(MemoryWatcherMetrics.RULE_PROGRESS).tag("rule", "proceed-tasks").gauge().value())
					.isEqualTo(0.25);
			});
	}

	@Test
	void runWithoutMeterRegistryShouldNotCreateMeters() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherMetrics.class));
	}

	@Test
	void runWhenWatcherIsDisabledShouldNotCreateMeters() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("karton.memory-watcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryWatcherMetrics.class));
	}

	@Test
	void runWhenUserDefinesMetricsShouldBackOff() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MemoryWatcherMetrics.class)
				.hasBean("userMetrics"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		MemoryWatcherMetrics userMetrics(MemoryWatcher watcher) {
			return new MemoryWatcherMetrics(watcher);
		}

	}

}
