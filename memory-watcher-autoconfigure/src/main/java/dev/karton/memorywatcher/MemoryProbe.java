package dev.karton.memorywatcher;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Reads the memory figure that memory rules compare against their baseline or limit.
 * Implementations must be safe to call from several threads at once and cheap enough to call
 * after every task.
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
	 * @return the figure in bytes, or {@code -1} while the source has not measured it yet (the heap
	 * before its first collection of old regions)
	 */
	long currentBytes();

	/**
	 * The most the figure can reach, read once when the probe is created: the machine's memory for
	 * the resident set, the maximum heap for the heap, the cgroup limit for the container.
	 * @return the limit in bytes, or {@code -1} when there is none
	 */
	default long limitBytes() {
		return -1;
	}

	/**
	 * What the limit is, for reports and for the {@code max-memory-percent-of-limit} rule.
	 * @return a phrase such as {@code maximum heap}, or {@code none}
	 */
	default String limitDescription() {
		return "none";
	}

	/**
	 * When the figure was measured, for sources that measure on their own schedule rather than on
	 * each read: the heap is measured by garbage collections.
	 * @return the moment of the last measurement, or {@code null} when {@link #currentBytes()}
	 * measures live or nothing was measured yet
	 */
	default @Nullable Instant measuredAt() {
		return null;
	}

	/**
	 * The best figure this platform offers: the resident set from {@code /proc/self/statm} on
	 * Linux, else the JVM's own heap and non-heap usage.
	 * @return a probe ready to use
	 */
	static MemoryProbe detect() {
		MemoryProbe rss = ProcRssProbe.openIfAvailable(false);
		return (rss != null) ? rss : new JvmMemoryProbe();
	}

}
