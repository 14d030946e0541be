package dev.karton.memorywatcher.jms;

import java.util.Collection;

import dev.karton.memorywatcher.autoconfigure.ListenerContainerIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.MessageListenerContainer;

/**
 * Stops every JMS listener container when the watcher restarts. A
 * {@code DefaultMessageListenerContainer} runs its stop callback once every consumer has finished
 * its current message and acknowledged it, or committed its local transaction; a message received
 * while stopping is rolled back to the broker, so in a transacted session (Boot's default) it is
 * redelivered to the next instance.
 */
final class JmsListenerIntake extends ListenerContainerIntake {

	private final ObjectProvider<JmsListenerEndpointRegistry> registries;

	private final ObjectProvider<MessageListenerContainer> containerBeans;

	JmsListenerIntake(ObjectProvider<JmsListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		super("JMS");
		this.registries = registries;
		this.containerBeans = containerBeans;
	}

	@Override
	protected Collection<? extends SmartLifecycle> containers() {
		return registeredAndDeclared(this.registries, JmsListenerEndpointRegistry::getListenerContainers,
				this.containerBeans);
	}

}
