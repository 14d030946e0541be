package dev.karton.memorywatcher;

/**
 * Reads the memory figure that memory rules compare against their baseline. Implementations must
 * be safe to call from several threads at once and cheap enough to call after every task.
 */
public interface MemoryProbe {

	/**
	 * Short name of the figure, shown in logs and reports, such as {@code rss}.
	 * @return the figure's name
	 */
	String name();

	/**
	 * One phrase saying what the figure is and where it comes from, for the startup log.
	 * @return the description
	 */
	String description();

	/**
	 * Reads the figure now.
	 * @return the figure in bytes
	 */
	long currentBytes();

	/**
	 * The best figure this platform offers: the resident set from {@code /proc/self/statm} on
	 * Linux, else the JVM's own heap and non-heap usage.
	 * @return a probe ready to use
	 */
	static MemoryProbe detect() {
		MemoryProbe rss = ProcRssProbe.openIfAvailable();
		return (rss != null) ? rss : new JvmMemoryProbe();
	}

}
