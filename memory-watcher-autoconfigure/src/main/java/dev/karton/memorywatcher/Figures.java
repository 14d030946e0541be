package dev.karton.memorywatcher;

import java.time.Duration;
import java.util.Locale;

/**
 * Formats figures for log lines and reports, the same way everywhere.
 */
final class Figures {

	private static final double MEGABYTE = 1024 * 1024;

	private Figures() {
	}

	static String bytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / MEGABYTE);
	}

	static String percent(double percent) {
		return String.format(Locale.ROOT, "%.1f%%", percent);
	}

	static String duration(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		// Limits are usually round ("12h", "30m"): say them the way they were configured.
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
	}

}
