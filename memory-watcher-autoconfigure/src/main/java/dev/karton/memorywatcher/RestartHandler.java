package dev.karton.memorywatcher;

/**
 * Carries out a restart once the watcher decided on one: waits for the drain, runs cleanup and
 * ends the process. Called exactly once per watcher, on the thread that crossed the rule, so an
 * implementation must hand the work to a thread of its own and return at once.
 */
@FunctionalInterface
public interface RestartHandler {

	/**
	 * A restart was requested; the watcher is now draining.
	 * @param watcher the watcher, to wait for its in-flight tasks
	 * @param reason why
	 */
	void restartRequested(MemoryWatcher watcher, RestartReason reason);

}
