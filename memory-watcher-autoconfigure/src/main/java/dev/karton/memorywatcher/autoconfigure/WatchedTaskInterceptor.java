package dev.karton.memorywatcher.autoconfigure;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Makes each call of a {@link dev.karton.memorywatcher.WatchedTask} method one task. The watcher
 * is looked up on first use: advisors are created before ordinary beans.
 */
class WatchedTaskInterceptor implements MethodInterceptor {

	private final SingletonSupplier<MemoryWatcher> watcher;

	WatchedTaskInterceptor(ObjectProvider<MemoryWatcher> watcher) {
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
