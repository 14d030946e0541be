package dev.karton.memorywatcher.amqp;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration that makes every delivery of a Spring AMQP (RabbitMQ) listener container a
 * memory watcher task and stops the containers first when the watcher restarts.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class)
@ConditionalOnClass(RabbitListenerEndpointRegistry.class)
@ConditionalOnBean(MemoryWatcher.class)
@ConditionalOnBooleanProperty(name = "karton.memory-watcher.integrations.amqp.enabled", matchIfMissing = true)
public final class RabbitTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RabbitAdviceInstaller memoryWatcherRabbitAdviceInstaller(ObjectProvider<MemoryWatcher> watcher) {
		return new RabbitAdviceInstaller(watcher);
	}

	@Bean
	@ConditionalOnMissingBean
	RabbitListenerIntake memoryWatcherRabbitListenerIntake(ObjectProvider<RabbitListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		return new RabbitListenerIntake(registries, containerBeans);
	}

}
