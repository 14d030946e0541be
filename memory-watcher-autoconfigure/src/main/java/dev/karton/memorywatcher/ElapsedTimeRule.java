package dev.karton.memorywatcher;

import java.time.Duration;

/**
 * {@code elapsed-time}: restart once a time has passed since the first task started.
 */
final class ElapsedTimeRule implements RestartRule {

	private final long elapsedNanos;

	private final String limit;

	ElapsedTimeRule(Duration elapsed, Jitter jitter) {
		if (elapsed.isNegative() || elapsed.isZero()) {
			throw new IllegalArgumentException("elapsed-time must be positive, was " + elapsed);
		}
		Duration effective = jitter.applyTo(elapsed);
		this.elapsedNanos = saturatedNanos(effective);
		this.limit = jitter.describe(Figures.duration(effective), Figures.duration(elapsed));
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	@Override
	public String name() {
		return "elapsed-time";
	}

	@Override
	public String limit() {
		return this.limit;
	}

	@Override
	public boolean isReached(Reading reading) {
		// elapsedNanos is 0 until the first task starts, and the limit is positive.
		return reading.elapsedNanos() >= this.elapsedNanos;
	}

	@Override
	public double progress(Reading reading) {
		return (double) reading.elapsedNanos() / this.elapsedNanos;
	}

	@Override
	public String current(Reading reading) {
		return Figures.duration(Duration.ofNanos(reading.elapsedNanos()));
	}

	@Override
	public long firstElapsedNanosThatCanFire() {
		return this.elapsedNanos;
	}

}
