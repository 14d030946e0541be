package dev.karton.memorywatcher;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The JVM's own view of its memory: heap plus non-heap in use. Used where the resident set cannot
 * be read; it does not see native allocations, so memory rules react to heap growth only.
 */
public final class JvmMemoryProbe implements MemoryProbe {

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final long limitBytes = MachineMemory.totalBytes();

	@Override
	public String name() {
		return "jvm";
	}

	@Override
	public String description() {
		return "JVM heap and non-heap in use, since " + ProcRssProbe.STATM + " cannot be read here";
	}

	@Override
	public long currentBytes() {
		return this.memory.getHeapMemoryUsage().getUsed() + this.memory.getNonHeapMemoryUsage().getUsed();
	}

	@Override
	public long limitBytes() {
		return this.limitBytes;
	}

	@Override
	public String limitDescription() {
		return (this.limitBytes >= 0) ? MachineMemory.DESCRIPTION : "none";
	}

}
