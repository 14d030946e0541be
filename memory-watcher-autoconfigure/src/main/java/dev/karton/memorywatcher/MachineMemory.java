package dev.karton.memorywatcher;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The physical memory as the JVM sees it, the limit of the process-wide figures.
 */
final class MachineMemory {

	static final String DESCRIPTION = "physical memory";

	private MachineMemory() {
	}

	/**
	 * Reads the total once; it costs tens of microseconds, so never call it per task. Inside a
	 * container with a memory limit the JVM reports that limit.
	 * @return the total in bytes, or {@code -1} when this JVM cannot tell
	 */
	static long totalBytes() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean extended) {
			long total = extended.getTotalMemorySize();
			return (total > 0) ? total : -1;
		}
		return -1;
	}

}
