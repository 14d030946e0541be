package dev.karton.memorywatcher;

import java.time.Instant;

/**
 * Time as the watcher sees it: a monotonic clock for elapsed time and a wall clock for the moments
 * it reports. Tests pass a hand-driven implementation.
 */
public interface WatcherClock {

	/** The system's clocks. */
	WatcherClock SYSTEM = new WatcherClock() {

		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

		@Override
		public Instant now() {
			return Instant.now();
		}

	};

	/**
	 * Monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean anything.
	 * @return the current monotonic time
	 */
	long nanoTime();

	/**
	 * Wall-clock time, for reporting when something happened.
	 * @return the current instant
	 */
	Instant now();

}
