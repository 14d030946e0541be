package dev.karton.memorywatcher;

import java.time.Duration;

/**
 * {@code elapsed-time}: restart once a time has passed since the baseline.
 */
final class ElapsedTimeRule implements RestartRule {

	private final Duration elapsed;

	private final long elapsedNanos;

	ElapsedTimeRule(Duration elapsed) {
		if (elapsed.isNegative() || elapsed.isZero()) {
			throw new IllegalArgumentException("elapsed-time must be positive, was " + elapsed);
		}
		this.elapsed = elapsed;
		this.elapsedNanos = saturatedNanos(elapsed);
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
		return Figures.duration(this.elapsed);
	}

	@Override
	public boolean isReached(Reading reading) {
		return reading.hasBaseline() && reading.elapsedNanos() >= this.elapsedNanos;
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
