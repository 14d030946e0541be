/**
 * The {@code memoryWatcher} health contributor.
 */
@NullMarked
package dev.karton.memorywatcher.actuate.health;

import org.jspecify.annotations.NullMarked;
