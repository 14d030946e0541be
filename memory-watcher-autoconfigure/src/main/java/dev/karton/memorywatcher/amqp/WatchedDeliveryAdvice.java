package dev.karton.memorywatcher.amqp;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;

import org.springframework.util.function.SingletonSupplier;

/**
 * Advice on a RabbitMQ listener container that makes each delivery (or each batch, for a batch
 * listener) one task. It runs first in the container's advice chain, so a delivery retried by a
 * retry advice is still one task. Called on the container's consumer threads; it keeps no state.
 */
public final class WatchedDeliveryAdvice implements MethodInterceptor {

	private final SingletonSupplier<MemoryWatcher> watcher;

	WatchedDeliveryAdvice(SingletonSupplier<MemoryWatcher> watcher) {
		this.watcher = watcher;
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
