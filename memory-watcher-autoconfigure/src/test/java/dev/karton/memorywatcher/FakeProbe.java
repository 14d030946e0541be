package dev.karton.memorywatcher;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory figure a test sets by hand, counting its readings; it can also be made to fail, have a
 * limit, or read {@code -1}, "not measured yet", as the heap does before its first collection of
 * old regions.
 */
public final class FakeProbe implements MemoryProbe {

	public static final long MB = 1024 * 1024;

	private final AtomicLong bytes;

	private final AtomicInteger reads = new AtomicInteger();

	private final long limitBytes;

	private volatile boolean failing;

	public FakeProbe(long bytes) {
		this(bytes, -1);
	}

	public FakeProbe(long bytes, long limitBytes) {
		this.bytes = new AtomicLong(bytes);
		this.limitBytes = limitBytes;
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

	@Override
	public long limitBytes() {
		return this.limitBytes;
	}

	@Override
	public String limitDescription() {
		return (this.limitBytes >= 0) ? "fake limit" : "none";
	}

}
