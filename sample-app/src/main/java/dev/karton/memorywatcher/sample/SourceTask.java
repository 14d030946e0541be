package dev.karton.memorywatcher.sample;

/**
 * A task taken from a {@link TaskSource}, with the source's bookkeeping around its processing.
 * All methods are called on the consumer thread that took the task.
 */
interface SourceTask {

	/**
	 * The task's identifier in its source, for logs and the ledger.
	 * @return the identifier
	 */
	String id();

	/**
	 * Marks the task started in its source and reads the file to parse.
	 * @return the file
	 * @throws MalformedTaskException when the task cannot be read
	 */
	FileTask start();

	/**
	 * Marks the task finished in its source.
	 */
	void finished();

	/**
	 * Marks the task crashed in its source.
	 * @param failure why
	 */
	void crashed(Exception failure);

}
