package dev.karton.memorywatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which memory figure the memory rules watch, as chosen by {@code memory-source}.
 */
public enum MemorySource {

	/** The process's resident set: everything the process holds in memory. */
	RSS,

	/** The anonymous part of the resident set, without mapped files such as jars. */
	RSS_ANON,

	/** The Java heap in use after the last collection that touched old regions. */
	HEAP,

	/** The working set of the process's cgroup, against the cgroup's memory limit. */
	CONTAINER;

	/**
	 * The source's name as written in properties and reports.
	 * @return such as {@code rss-anon}
	 */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Opens a probe for this source.
	 * @return the probe
	 * @throws IllegalStateException when this platform cannot provide the figure, with a message
	 * saying why
	 */
	public MemoryProbe open() {
		return switch (this) {
			case RSS -> MemoryProbe.detect();
			case RSS_ANON -> {
				MemoryProbe probe = ProcRssProbe.openIfAvailable(true);
				if (probe == null) {
					throw new IllegalStateException(ProcRssProbe.STATM + " cannot be read on this platform");
				}
				yield probe;
			}
			case HEAP -> new HeapAfterGcProbe();
			case CONTAINER -> openContainer(Path.of("/"));
		};
	}

	/**
	 * Opens the container probe and requires a limit: a container figure without one cannot tell
	 * how close the OOM killer is.
	 */
	static CgroupMemoryProbe openContainer(Path root) {
		CgroupMemoryProbe probe = CgroupMemoryProbe.locate(root);
		if (probe.limitBytes() < 0) {
			try {
				probe.close();
			}
			catch (IOException ex) {
				// nothing was read yet: nothing to lose
			}
			throw new IllegalStateException("the cgroup " + probe.version().name().toLowerCase(Locale.ROOT) + " at "
					+ probe.directory() + " has no memory limit, its limit is " + probe.limitDescription());
		}
		return probe;
	}

}
