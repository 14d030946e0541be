package dev.karton.memorywatcher.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.metrics.MemoryWatcherMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MemoryWatcherMetrics memory watcher's meters}, when Micrometer is
 * on the class path and a {@link MeterRegistry} is configured; Spring Boot binds them to it.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, MemoryWatcher.class })
public final class MemoryWatcherMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryWatcherMetrics memoryWatcherMetrics(MemoryWatcher watcher) {
		return new MemoryWatcherMetrics(watcher);
	}

}
