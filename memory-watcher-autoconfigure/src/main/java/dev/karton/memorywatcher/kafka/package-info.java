/**
 * Makes every Spring Kafka record (or batch, for batch listeners) a memory watcher task and stops
 * the listener containers first when the watcher restarts.
 */
@NullMarked
package dev.karton.memorywatcher.kafka;

import org.jspecify.annotations.NullMarked;
