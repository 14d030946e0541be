package dev.karton.memorywatcher.sample;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * "Parses" a file: works for the configured time and keeps native memory for ever, the way a
 * parser's native library leaks. Direct buffers are zeroed when allocated, so every page they use
 * is touched and counts in the resident set.
 */
@Component
class FileParser {

	private static final Log logger = LogFactory.getLog(FileParser.class);

	private final List<ByteBuffer> leaked = new CopyOnWriteArrayList<>();

	private final int leakBytes;

	private final long durationNanos;

	FileParser(SampleProperties properties) {
		this.leakBytes = (int) properties.getLeak().getPerTask().toBytes();
		this.durationNanos = properties.getTasks().getDuration().toNanos();
	}

	void parse(FileTask task) throws InterruptedException {
		logger.info("task " + task.id() + " started: " + task.name());
		if (this.leakBytes > 0) {
			this.leaked.add(ByteBuffer.allocateDirect(this.leakBytes));
		}
		long nanos = (task.parseTime() != null) ? task.parseTime().toNanos() : this.durationNanos;
		if (nanos > 0) {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		logger.info("task " + task.id() + " finished: " + task.name());
	}

}
