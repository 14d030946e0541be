package dev.karton.memorywatcher;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory figure a test sets by hand, counting its readings; it can also be made to fail.
 */
public final class FakeProbe implements MemoryProbe {

	public static final long MB = 1024 * 1024;

	private final AtomicLong bytes;

	private final AtomicInteger reads = new AtomicInteger();

	private volatile boolean failing;

	public FakeProbe(long bytes) {
		this.bytes = new AtomicLong(bytes);
	}

	public void set(long bytes) {
		this.bytes.set(bytes);
	}

	public int reads() {
		return this.reads.get();
	}

	public void fail() {
		this.failing = true;
	}

	@Override
	public String name() {
		return "fake";
	}

	@Override
	public String description() {
		return "figure set by the test";
	}

	@Override
	public long currentBytes() {
		this.reads.incrementAndGet();
		if (this.failing) {
			throw new IllegalStateException("probe broken on purpose");
		}
		return this.bytes.get();
	}

}
