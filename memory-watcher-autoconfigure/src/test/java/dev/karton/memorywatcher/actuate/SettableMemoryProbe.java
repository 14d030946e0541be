package dev.karton.memorywatcher.actuate;

import dev.karton.memorywatcher.MemoryProbe;

/**
 * A memory figure that tests set by hand, so that growth and rule progress are known exactly.
 */
public class SettableMemoryProbe implements MemoryProbe {

	private volatile long bytes;

	public SettableMemoryProbe(long bytes) {
		this.bytes = bytes;
	}

	public void set(long bytes) {
		this.bytes = bytes;
	}

	@Override
	public String name() {
		return "test";
	}

	@Override
	public String description() {
		return "set by the test";
	}

	@Override
	public long currentBytes() {
		return this.bytes;
	}

}
