package dev.karton.memorywatcher.kafka;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Auto-configuration that makes every Spring Kafka record a memory watcher task and stops the
 * listener containers first when the watcher restarts.
 */
@AutoConfiguration(after = MemoryWatcherAutoConfiguration.class)
@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
@ConditionalOnBean(MemoryWatcher.class)
@ConditionalOnBooleanProperty(name = "karton.memory-watcher.integrations.kafka.enabled", matchIfMissing = true)
public final class KafkaTaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static KafkaInterceptorInstaller memoryWatcherKafkaInterceptorInstaller(ObjectProvider<MemoryWatcher> watcher) {
		return new KafkaInterceptorInstaller(watcher);
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaListenerIntake memoryWatcherKafkaListenerIntake(ObjectProvider<KafkaListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		return new KafkaListenerIntake(registries, containerBeans);
	}

}
