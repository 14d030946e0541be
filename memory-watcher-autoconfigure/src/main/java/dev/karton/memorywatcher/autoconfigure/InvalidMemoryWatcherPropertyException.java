package dev.karton.memorywatcher.autoconfigure;

/**
 * A {@code karton.memory-watcher.*} property has a value the watcher cannot use. Thrown while the
 * properties bind, so the application fails to start and nothing else runs.
 */
public class InvalidMemoryWatcherPropertyException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String accepted;

	/**
	 * Creates the exception.
	 * @param property the property's full name
	 * @param value the value given
	 * @param accepted what the property accepts
	 */
	public InvalidMemoryWatcherPropertyException(String property, Object value, String accepted) {
		super("Invalid value '" + value + "' for property '" + property + "': " + accepted);
		this.property = property;
		this.value = String.valueOf(value);
		this.accepted = accepted;
	}

	/**
	 * The property's full name.
	 * @return the name, such as {@code karton.memory-watcher.proceed-tasks}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The value given.
	 * @return the value as text
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * What the property accepts.
	 * @return a phrase such as "a whole number of at least 1"
	 */
	public String getAccepted() {
		return this.accepted;
	}

}
