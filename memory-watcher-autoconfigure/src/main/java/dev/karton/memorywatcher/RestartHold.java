package dev.karton.memorywatcher;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Why the restart-storm guard holds a restart, and until when.
 *
 * @param reason a sentence with the figures, as logged at ERROR level
 * @param since when the guard started holding
 * @param until when the restart may go ahead if its rule still fires, or {@code null} when only a
 * person can release it (by requesting a restart, or by fixing the configuration)
 */
public record RestartHold(String reason, Instant since, @Nullable Instant until) {

}
