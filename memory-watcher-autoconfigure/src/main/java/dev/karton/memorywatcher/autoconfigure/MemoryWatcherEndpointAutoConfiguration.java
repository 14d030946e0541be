package dev.karton.memorywatcher.autoconfigure;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.actuate.endpoint.MemoryWatcherEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MemoryWatcherEndpoint memorywatcher} endpoint, when Actuator is
 * on the class path and the endpoint is exposed.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(MemoryWatcher.class)
public final class MemoryWatcherEndpointAutoConfiguration {

	// On the method, not the class: Spring loads every condition of a class before evaluating
	// @ConditionalOnClass, and this one's condition class is part of Actuator.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	MemoryWatcherEndpoint memoryWatcherEndpoint(MemoryWatcher watcher, MemoryWatcherProperties properties) {
		return new MemoryWatcherEndpoint(watcher, properties.getExitCode());
	}

}
