package dev.karton.memorywatcher;

import java.time.Instant;

/**
 * Why a restart was requested.
 *
 * @param rule the rule that fired, such as {@code proceed-tasks}, or {@link #MANUAL} when code or
 * an operator asked for it
 * @param message a sentence with the figures, as logged
 * @param requestedAt when the restart was requested
 */
public record RestartReason(String rule, String message, Instant requestedAt) {

	/** The rule name of a restart requested through {@link MemoryWatcher#requestRestart(String)}. */
	public static final String MANUAL = "manual";

}
