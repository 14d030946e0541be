/**
 * The {@code memorywatcher} Actuator endpoint: what the watcher thinks, and a graceful restart on
 * request.
 */
@NullMarked
package dev.karton.memorywatcher.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
