package dev.karton.memorywatcher.amqp;

import java.time.Duration;
import java.util.Collection;

import dev.karton.memorywatcher.autoconfigure.ListenerContainerIntake;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Stops every RabbitMQ listener container when the watcher restarts: each consumer finishes and
 * acknowledges the message in hand, then its channel closes, so the broker puts the prefetched
 * messages it holds unacknowledged back on the queue for the next instance.
 */
final class RabbitListenerIntake extends ListenerContainerIntake {

	private final ObjectProvider<RabbitListenerEndpointRegistry> registries;

	private final ObjectProvider<MessageListenerContainer> containerBeans;

	RabbitListenerIntake(ObjectProvider<RabbitListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans) {
		super("RabbitMQ");
		this.registries = registries;
		this.containerBeans = containerBeans;
	}

	@Override
	protected Collection<? extends SmartLifecycle> containers() {
		return registeredAndDeclared(this.registries, RabbitListenerEndpointRegistry::getListenerContainers,
				this.containerBeans);
	}

	/**
	 * Stops after the message in hand rather than after every prefetched one, which could outlast
	 * the drain; and waits for it as long as the drain may last, because a container whose own
	 * shutdown timeout expires interrupts its consumer threads.
	 */
	@Override
	protected void beforeStop(SmartLifecycle container, Duration timeout) {
		if (container instanceof AbstractMessageListenerContainer rabbit) {
			rabbit.setForceStop(true);
			rabbit.setShutdownTimeout(Math.max(1, timeout.toMillis()));
		}
	}

}
