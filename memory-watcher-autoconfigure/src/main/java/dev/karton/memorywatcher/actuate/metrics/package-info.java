/**
 * Micrometer meters of the memory watcher.
 */
@NullMarked
package dev.karton.memorywatcher.actuate.metrics;

import org.jspecify.annotations.NullMarked;
