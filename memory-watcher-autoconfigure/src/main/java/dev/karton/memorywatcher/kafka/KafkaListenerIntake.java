package dev.karton.memorywatcher.kafka;

import java.util.Collection;

import dev.karton.memorywatcher.autoconfigure.ListenerContainerIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Stops every Kafka listener container when the watcher restarts. A container's stop lets the
 * records of its last poll finish, commits their offsets and closes the consumer before its stop
 * callback runs, so the next instance of the consumer group starts at the first record not
 * processed.
 */
final class KafkaListenerIntake extends ListenerContainerIntake {

	private final ObjectProvider<KafkaListenerEndpointRegistry> registries;

	private final ObjectProvider<MessageListenerContainer> containerBeans;

	KafkaListenerIntake(ObjectProvider<KafkaListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		super("Kafka");
		this.registries = registries;
		this.containerBeans = containerBeans;
	}

	@Override
	protected Collection<? extends SmartLifecycle> containers() {
		return registeredAndDeclared(this.registries, KafkaListenerEndpointRegistry::getListenerContainers,
				this.containerBeans);
	}

}
