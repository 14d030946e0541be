package dev.karton.memorywatcher.task;

import dev.karton.memorywatcher.MemoryWatcher;

import org.springframework.core.task.TaskDecorator;

/**
 * Makes each task run by a decorated executor, such as an {@code @Async} method call on Boot's
 * auto-configured executor, one watcher task. Boot composes every {@link TaskDecorator} bean, so
 * the user's own decorators keep working. The task starts when a pool thread begins to run it,
 * not when it is submitted.
 */
public final class WatchedTaskDecorator implements TaskDecorator {

	private final MemoryWatcher watcher;

	WatchedTaskDecorator(MemoryWatcher watcher) {
		this.watcher = watcher;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		return () -> this.watcher.run(runnable);
	}

}
