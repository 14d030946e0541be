package dev.karton.memorywatcher.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.WatcherSnapshot;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Appends one line per task event to {@code sample.ledger}, shared by every process of a soak run,
 * so that a checker can prove each task was processed exactly once and never cut off:
 * {@code started <id> pid=<pid>} and
 * {@code finished <id> pid=<pid> rss=<bytes> baseline=<bytes>}. Lines are written with one
 * append each, which the kernel keeps whole.
 */
@Component
class Ledger implements DisposableBean {

	private final @Nullable FileChannel channel;

	private final MemoryWatcher watcher;

	private final long pid = ProcessHandle.current().pid();

	Ledger(SampleProperties properties, MemoryWatcher watcher) throws IOException {
		Path path = properties.getLedger();
		this.channel = (path != null) ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND) : null;
		this.watcher = watcher;
	}

	void started(String id) {
		write("started " + id + " pid=" + this.pid + "\n");
	}

	void finished(String id) {
		if (this.channel != null) {
			WatcherSnapshot snapshot = this.watcher.snapshot();
			write("finished " + id + " pid=" + this.pid + " rss=" + snapshot.currentBytes() + " baseline="
					+ snapshot.baselineBytes() + "\n");
		}
	}

	private void write(String line) {
		if (this.channel == null) {
			return;
		}
		try {
			ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the ledger", ex);
		}
	}

	@Override
	public void destroy() throws IOException {
		if (this.channel != null) {
			this.channel.close();
		}
	}

}
