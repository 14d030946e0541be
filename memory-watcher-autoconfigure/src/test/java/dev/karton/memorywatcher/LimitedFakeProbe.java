package dev.karton.memorywatcher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A memory figure a test sets by hand, with a fixed limit; {@code -1} stands for "not measured
 * yet", as the heap reads before its first collection of old regions.
 */
final class LimitedFakeProbe implements MemoryProbe {

	static final long MB = 1024 * 1024;

	private final AtomicLong bytes;

	private final long limitBytes;

	LimitedFakeProbe(long bytes, long limitBytes) {
		this.bytes = new AtomicLong(bytes);
		this.limitBytes = limitBytes;
	}

	void set(long bytes) {
		this.bytes.set(bytes);
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
