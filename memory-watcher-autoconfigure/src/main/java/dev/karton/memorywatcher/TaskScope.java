package dev.karton.memorywatcher;

/**
 * One task between {@link MemoryWatcher#taskStarted()} and {@link #close()}. Meant for
 * try-with-resources on the thread that runs the task; closing it twice counts the task once.
 */
public final class TaskScope implements AutoCloseable {

	private final MemoryWatcher watcher;

	private boolean failed;

	private boolean closed;

	TaskScope(MemoryWatcher watcher) {
		this.watcher = watcher;
	}

	/**
	 * Marks the task failed: it still counts as finished, and also as failed.
	 */
	public void markFailed() {
		this.failed = true;
	}

	/**
	 * Ends the task: it is no longer in flight, and the rules are checked.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.watcher.taskFinished(this.failed);
	}

}
