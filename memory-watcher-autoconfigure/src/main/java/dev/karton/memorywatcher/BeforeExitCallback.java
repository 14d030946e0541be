package dev.karton.memorywatcher;

/**
 * Cleanup run once in-flight tasks finished and before the application context closes, such as
 * flushing a report or deregistering from a queue. Each callback runs isolated: one that throws or
 * runs past the callback timeout is logged and never stops the restart.
 */
@FunctionalInterface
public interface BeforeExitCallback {

	/**
	 * Runs the cleanup.
	 * @param reason why the process is restarting
	 * @throws Exception anything, which is logged
	 */
	void beforeExit(RestartReason reason) throws Exception;

}
