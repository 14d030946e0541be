/**
 * What the integration tests share: a ledger of processed messages that also stands in for the
 * JVM exit.
 */
@NullMarked
package dev.karton.memorywatcher.testsupport;

import org.jspecify.annotations.NullMarked;
