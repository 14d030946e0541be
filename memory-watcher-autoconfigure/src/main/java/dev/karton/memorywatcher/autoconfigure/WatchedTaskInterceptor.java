package dev.karton.memorywatcher.autoconfigure;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Makes each call it intercepts one task: of a {@link dev.karton.memorywatcher.WatchedTask}
 * method, or of a listener container's delivery when in its advice chain. A call that throws
 * counts as a failed task. The watcher is looked up on first use: advisors and post-processors are
 * created before ordinary beans. Called on the threads that run the tasks; it keeps no state.
 */
public final class WatchedTaskInterceptor implements MethodInterceptor {

	private final SingletonSupplier<MemoryWatcher> watcher;

	/**
	 * Creates the interceptor.
	 * @param watcher the watcher, looked up on the first call
	 */
	public WatchedTaskInterceptor(ObjectProvider<MemoryWatcher> watcher) {
		this.watcher = SingletonSupplier.of(watcher::getObject);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		TaskScope scope = this.watcher.obtain().taskStarted();
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			scope.markFailed();
			throw ex;
		}
		finally {
			scope.close();
		}
	}

}
