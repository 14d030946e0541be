/**
 * The plain-Java core of the memory watcher: task hooks, restart rules, memory probes and the
 * watcher's state. Nothing in this package depends on Spring, so a consumer loop outside Spring can
 * use it and tests drive it with a fake clock and a fake memory figure.
 */
@NullMarked
package dev.karton.memorywatcher;

import org.jspecify.annotations.NullMarked;
