package dev.karton.memorywatcher.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One "file" to parse.
 *
 * @param id the task's identifier in its source: a number for the embedded source, the uid for
 * karton
 * @param name the file's name
 * @param parseTime how long parsing takes, or {@code null} for {@code sample.tasks.duration}
 */
record FileTask(String id, String name, @Nullable Duration parseTime) {

}
