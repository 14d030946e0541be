package dev.karton.memorywatcher.autoconfigure;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.health.MemoryWatcherHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code memoryWatcher} health contributor, when Spring Boot's health
 * support is on the class path; {@code management.health.memorywatcher.enabled=false} switches it
 * off.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(MemoryWatcher.class)
public final class MemoryWatcherHealthContributorAutoConfiguration {

	// On the method, not the class: Spring loads every condition of a class before evaluating
	// @ConditionalOnClass, and this one's condition class is part of Spring Boot's health support.
	@Bean
	@ConditionalOnEnabledHealthIndicator("memorywatcher")
	@ConditionalOnMissingBean(value = MemoryWatcherHealthIndicator.class, name = "memoryWatcherHealthIndicator")
	MemoryWatcherHealthIndicator memoryWatcherHealthIndicator(MemoryWatcher watcher) {
		return new MemoryWatcherHealthIndicator(watcher);
	}

}
