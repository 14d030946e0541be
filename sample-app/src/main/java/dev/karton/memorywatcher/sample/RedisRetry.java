package dev.karton.memorywatcher.sample;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Retries Redis calls through an outage: waits 100 ms after the first failure, doubling up to 5 s,
 * logs the first failure and every tenth, and says when Redis answers again. Shared by the
 * consumer threads; the failure count is the only shared state.
 */
final class RedisRetry {

	private static final Log logger = LogFactory.getLog(RedisRetry.class);

	private static final long FIRST_WAIT_MILLIS = 100;

	private static final long MAX_WAIT_MILLIS = 5000;

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	/**
	 * A call to Redis that may fail with a {@link DataAccessException}.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface RedisCall<T> {

		@Nullable T call();

	}

	<T> @Nullable T untilSuccess(String what, RedisCall<T> call) throws InterruptedException {
		while (true) {
			try {
				T result = call.call();
				succeeded();
				return result;
			}
			catch (DataAccessException ex) {
				failed(what, ex);
			}
		}
	}

	void succeeded() {
		int failures = this.consecutiveFailures.getAndSet(0);
		if (failures > 0) {
			logger.info("Redis answers again after " + failures + " failed attempt(s)");
		}
	}

	/**
	 * Records a failure and waits before the next attempt.
	 */
	void failed(String what, DataAccessException ex) throws InterruptedException {
		int failures = this.consecutiveFailures.incrementAndGet();
		long wait = Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(failures - 1, 10));
		if (failures == 1 || failures % 10 == 0) {
			logger.warn("Redis unreachable while " + what + " (attempt " + failures + "): " + ex.getMessage()
					+ "; retrying in " + wait + " ms");
		}
		TimeUnit.MILLISECONDS.sleep(wait);
	}

}
