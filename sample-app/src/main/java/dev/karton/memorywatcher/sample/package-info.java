/**
 * A sample consumer that "parses files" from an embedded task source, leaks native memory on each
 * task like a parser with a native library would, and recycles itself through the memory watcher.
 */
@NullMarked
package dev.karton.memorywatcher.sample;

import org.jspecify.annotations.NullMarked;
