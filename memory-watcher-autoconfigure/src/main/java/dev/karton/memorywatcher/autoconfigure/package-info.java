/**
 * Spring Boot glue for the memory watcher: properties, auto-configuration, the graceful exit and
 * {@link dev.karton.memorywatcher.WatchedTask} support.
 */
@NullMarked
package dev.karton.memorywatcher.autoconfigure;

import org.jspecify.annotations.NullMarked;
