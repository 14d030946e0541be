package dev.karton.memorywatcher.jms;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import dev.karton.memorywatcher.MemoryWatcher;

/**
 * Wraps a plain {@link MessageListener} so that each message is one task.
 */
final class WatchedMessageListener implements MessageListener {

	private final MessageListener listener;

	private final MemoryWatcher watcher;

	WatchedMessageListener(MessageListener listener, MemoryWatcher watcher) {
		this.listener = listener;
		this.watcher = watcher;
	}

	@Override
	public void onMessage(Message message) {
		this.watcher.run(() -> this.listener.onMessage(message));
	}

}
