package dev.karton.memorywatcher.sample;

/**
 * A task whose content cannot be read: it is marked crashed and the consumer goes on.
 */
class MalformedTaskException extends RuntimeException {

	MalformedTaskException(String message, Throwable cause) {
		super(message, cause);
	}

}
