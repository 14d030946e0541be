package dev.karton.memorywatcher.jms;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.MessageListenerContainer;

/**
 * Auto-configuration that makes every message of a Spring JMS listener container a memory watcher
 * task and stops the containers first when the watcher restarts.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class)
@ConditionalOnClass({ JmsListenerEndpointRegistry.class, jakarta.jms.Message.class })
@ConditionalOnBean(MemoryWatcher.class)
@ConditionalOnBooleanProperty(name = "karton.memory-watcher.integrations.jms.enabled", matchIfMissing = true)
public final class JmsTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JmsListenerTaskInstaller memoryWatcherJmsListenerTaskInstaller(
			ObjectProvider<JmsListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans, ObjectProvider<MemoryWatcher> watcher) {
		return new JmsListenerTaskInstaller(registries, containerBeans, watcher);
	}

	@Bean
	@ConditionalOnMissingBean
	JmsListenerIntake memoryWatcherJmsListenerIntake(ObjectProvider<JmsListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		return new JmsListenerIntake(registries, containerBeans);
	}

}
