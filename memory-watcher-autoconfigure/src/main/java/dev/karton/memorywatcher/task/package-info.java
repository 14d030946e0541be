/**
 * Makes every task run by Spring's auto-configured task executors a memory watcher task and lets
 * queued tasks finish when the watcher restarts.
 */
@NullMarked
package dev.karton.memorywatcher.task;

import org.jspecify.annotations.NullMarked;
