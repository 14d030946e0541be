package dev.karton.memorywatcher.autoconfigure;

/**
 * Finds why a context failed to start.
 */
final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * The {@link InvalidMemoryWatcherPropertyException} in the failure's causes, which Spring wraps
	 * in its bean and binding exceptions.
	 * @param failure the startup failure
	 * @return the exception, or the failure itself when none is among its causes
	 */
	static Throwable invalidProperty(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidMemoryWatcherPropertyException)) {
			cause = cause.getCause();
		}
		return (cause != null) ? cause : failure;
	}

}
