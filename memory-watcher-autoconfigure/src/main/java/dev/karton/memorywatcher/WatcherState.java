package dev.karton.memorywatcher;

/**
 * What the watcher is doing now; it only ever moves forward, from left to right.
 */
public enum WatcherState {

	/** No restart rule is configured: tasks are counted and memory measured, nothing restarts. */
	OBSERVE_ONLY,

	/** At least one restart rule is configured and none has fired yet. */
	WATCHING,

	/**
	 * A restart is due but the restart-storm guard holds it: restarts came faster than
	 * {@code max-restarts} per {@code restart-window}, or memory already exceeded an absolute limit
	 * when the baseline was taken, so a restart could not help. The consumer keeps working; the
	 * restart goes ahead once the window has passed or when requested by hand.
	 */
	RESTART_HELD,

	/** A restart was requested: no new work should be taken while in-flight tasks finish. */
	DRAINING,

	/** In-flight tasks finished (or the drain timed out): callbacks run and the process exits. */
	EXITING

}
