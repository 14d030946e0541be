package dev.karton.memorywatcher.sample;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * "Parses" a file: works for the configured time and keeps memory for ever, either native memory,
 * the way a parser's native library leaks, or heap, the way an unbounded cache does. Direct
 * buffers are zeroed when allocated, so every page they use is touched and counts in the resident
 * set.
 */
@Component
class FileParser {

	private static final Log logger = LogFactory.getLog(FileParser.class);

	// Heap leaks in 64 KB arrays: G1 counts an array over half a region by whole regions.
	private static final int HEAP_CHUNK = 64 * 1024;

	private final List<Object> leaked = new CopyOnWriteArrayList<>();

	private final int leakBytes;

	private final SampleProperties.Kind leakKind;

	private final long durationNanos;

	FileParser(SampleProperties properties) {
		this.leakBytes = (int) properties.getLeak().getPerTask().toBytes();
		this.leakKind = properties.getLeak().getKind();
		this.durationNanos = properties.getTasks().getDuration().toNanos();
	}

	void parse(FileTask task) throws InterruptedException {
		logger.info("task " + task.id() + " started: " + task.name());
		if (this.leakBytes > 0 && this.leakKind == SampleProperties.Kind.NATIVE) {
			this.leaked.add(ByteBuffer.allocateDirect(this.leakBytes));
		}
		for (int left = this.leakBytes; left > 0 && this.leakKind == SampleProperties.Kind.HEAP; left -= HEAP_CHUNK) {
			this.leaked.add(new byte[Math.min(left, HEAP_CHUNK)]);
		}
		long nanos = (task.parseTime() != null) ? task.parseTime().toNanos() : this.durationNanos;
		if (nanos > 0) {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		logger.info("task " + task.id() + " finished: " + task.name());
	}

}
