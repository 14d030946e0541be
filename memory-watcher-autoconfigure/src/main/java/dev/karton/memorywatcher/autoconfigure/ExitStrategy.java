package dev.karton.memorywatcher.autoconfigure;

/**
 * Ends the JVM once the application context has closed. The default calls {@link System#exit};
 * declare a bean of this type to observe the exit instead, as tests do.
 */
@FunctionalInterface
public interface ExitStrategy {

	/**
	 * Ends the process.
	 * @param exitCode the exit code
	 */
	void exit(int exitCode);

}
