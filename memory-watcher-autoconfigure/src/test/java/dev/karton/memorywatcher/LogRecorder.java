package dev.karton.memorywatcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one class logs through {@link System.Logger}, which the JDK backs with
 * java.util.logging when no other logging library claims it.
 */
final class LogRecorder extends Handler implements AutoCloseable {

	private final Logger logger;

	final List<LogRecord> records = new CopyOnWriteArrayList<>();

	LogRecorder(Class<?> type) {
		this.logger = Logger.getLogger(type.getName());
		this.logger.addHandler(this);
		setLevel(Level.ALL);
	}

	List<String> messagesAt(Level level) {
		return this.records.stream().filter((record) -> record.getLevel() == level).map(LogRecord::getMessage).toList();
	}

	@Override
	public void publish(LogRecord record) {
		this.records.add(record);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}

}
