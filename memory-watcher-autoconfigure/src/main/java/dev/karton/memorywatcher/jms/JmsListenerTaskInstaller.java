package dev.karton.memorywatcher.jms;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.ListenerContainerIntake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;
import org.springframework.jms.listener.SessionAwareMessageListener;

/**
 * Wraps the message listener of every JMS listener container, from {@code @JmsListener} or
 * declared as a bean, so that each message is one task.
 * <p>
 * Why a lifecycle one phase before the containers': {@code @JmsListener} containers exist only
 * once every singleton is created, and Boot offers no customizer for them; they start in the
 * next phase, so every listener is wrapped before the first message. Runs on the thread that
 * refreshes the context. A container registered later, while the application runs, is not
 * wrapped. The container keeps the durable subscription name it derived from the listener it was
 * given first.
 */
final class JmsListenerTaskInstaller implements SmartLifecycle {

	private final ObjectProvider<JmsListenerEndpointRegistry> registries;

	private final ObjectProvider<MessageListenerContainer> containerBeans;

	private final ObjectProvider<MemoryWatcher> watcher;

	private volatile boolean running;

	JmsListenerTaskInstaller(ObjectProvider<JmsListenerEndpointRegistry> registries,
			ObjectProvider<MessageListenerContainer> containerBeans, ObjectProvider<MemoryWatcher> watcher) {
		this.registries = registries;
		this.containerBeans = containerBeans;
		this.watcher = watcher;
	}

	@Override
	public void start() {
		MemoryWatcher watcher = this.watcher.getObject();
		for (SmartLifecycle container : ListenerContainerIntake.registeredAndDeclared(this.registries,
				JmsListenerEndpointRegistry::getListenerContainers, this.containerBeans)) {
			if (container instanceof AbstractMessageListenerContainer listening) {
				wrap(listening, watcher);
			}
		}
		this.running = true;
	}

	@SuppressWarnings("unchecked")
	private static void wrap(AbstractMessageListenerContainer container, MemoryWatcher watcher) {
		Object listener = container.getMessageListener();
		if (listener instanceof WatchedMessageListener || listener instanceof WatchedSessionAwareMessageListener) {
			return;
		}
		// Same precedence as the container's: a listener that is both is called as session-aware.
		if (listener instanceof SessionAwareMessageListener<?> sessionAware) {
			container.setMessageListener(new WatchedSessionAwareMessageListener(
					(SessionAwareMessageListener<Message>) sessionAware, watcher));
		}
		else if (listener instanceof MessageListener plain) {
			container.setMessageListener(new WatchedMessageListener(plain, watcher));
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 1;
	}

}
