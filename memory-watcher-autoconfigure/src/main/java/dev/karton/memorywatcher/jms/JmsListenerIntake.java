package dev.karton.memorywatcher.jms;

import java.time.Duration;
import java.util.Collection;

import dev.karton.memorywatcher.autoconfigure.ListenerContainerIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;

/**
 * Stops every JMS listener container when the watcher restarts. A
 * {@code DefaultMessageListenerContainer} runs its stop callback once every consumer has finished
 * its current message and acknowledged it, or committed its local transaction.
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

	/**
	 * Lets a consumer process the message its receive call returns while the container stops:
	 * otherwise the container rejects it, which in an auto-acknowledged session loses it, since the
	 * receive call already acknowledged it.
	 */
	@Override
	protected void beforeStop(SmartLifecycle container, Duration timeout) {
		if (container instanceof AbstractMessageListenerContainer listening) {
			listening.setAcceptMessagesWhileStopping(true);
		}
	}

	@Override
	protected Collection<? extends SmartLifecycle> containers() {
		return registeredAndDeclared(this.registries, JmsListenerEndpointRegistry::getListenerContainers,
				this.containerBeans);
	}

}
