/**
 * Makes every message of a Spring JMS listener container a memory watcher task and stops the
 * containers first when the watcher restarts.
 */
@NullMarked
package dev.karton.memorywatcher.jms;

import org.jspecify.annotations.NullMarked;
