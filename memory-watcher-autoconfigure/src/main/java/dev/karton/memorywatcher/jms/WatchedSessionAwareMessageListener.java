package dev.karton.memorywatcher.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

import org.springframework.jms.listener.SessionAwareMessageListener;

/**
 * Wraps a {@link SessionAwareMessageListener}, as {@code @JmsListener} methods are, so that each
 * message is one task.
 */
final class WatchedSessionAwareMessageListener implements SessionAwareMessageListener<Message> {

	private final SessionAwareMessageListener<Message> listener;

	private final MemoryWatcher watcher;

	WatchedSessionAwareMessageListener(SessionAwareMessageListener<Message> listener, MemoryWatcher watcher) {
		this.listener = listener;
		this.watcher = watcher;
	}

	@Override
	public void onMessage(Message message, Session session) throws JMSException {
		TaskScope scope = this.watcher.taskStarted();
		try {
			this.listener.onMessage(message, session);
		}
		catch (JMSException | RuntimeException | Error ex) {
			scope.markFailed();
			throw ex;
		}
		finally {
			scope.close();
		}
	}

}
