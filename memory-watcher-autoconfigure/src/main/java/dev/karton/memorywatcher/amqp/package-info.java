/**
 * Makes every delivery of a Spring AMQP (RabbitMQ) listener container a memory watcher task and
 * stops the containers first when the watcher restarts.
 */
@NullMarked
package dev.karton.memorywatcher.amqp;

import org.jspecify.annotations.NullMarked;
