package dev.karton.memorywatcher;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A factor drawn once per process within ±{@code percent}, applied to the {@code proceed-tasks}
 * and {@code elapsed-time} limits so that replicas started together do not restart together.
 *
 * @param percent the largest deviation, from 0 (none) to 50
 * @param factor the factor drawn, from {@code 1 - percent/100} to {@code 1 + percent/100}
 */
public record Jitter(double percent, double factor) {

	/** No jitter: every limit as configured. */
	public static final Jitter NONE = new Jitter(0, 1);

	/**
	 * Checks the figures.
	 * @param percent the largest deviation, from 0 to 50
	 * @param factor the factor, within the deviation
	 */
	public Jitter {
		if (!(percent >= 0 && percent <= 50)) {
			throw new IllegalArgumentException("jitter must be a percent from 0 to 50, was " + percent);
		}
		if (Math.abs(factor - 1) > percent / 100 + 1e-12) {
			throw new IllegalArgumentException("jitter factor " + factor + " is outside ±" + percent + "%");
		}
	}

	/**
	 * Draws a factor uniformly within ±percent.
	 * @param percent the largest deviation, from 0 to 50
	 * @param random the source of randomness
	 * @return the jitter
	 */
	public static Jitter draw(double percent, RandomGenerator random) {
		if (percent == 0) {
			return NONE;
		}
		return new Jitter(percent, 1 + percent / 100 * (2 * random.nextDouble() - 1));
	}

	/**
	 * Applies the factor to a task count.
	 * @param tasks the configured count, at least 1
	 * @return the count to use, at least 1
	 */
	public long applyTo(long tasks) {
		return Math.max(1, Math.round(tasks * this.factor));
	}

	/**
	 * Applies the factor to a time.
	 * @param time the configured time
	 * @return the time to use, at least one millisecond
	 */
	public Duration applyTo(Duration time) {
		double millis = time.toMillis() * this.factor;
		if (millis >= Long.MAX_VALUE) {
			return time;
		}
		return Duration.ofMillis(Math.max(1, Math.round(millis)));
	}

	/**
	 * How a jittered limit is shown next to its configured value.
	 * @param effective the limit in use, formatted
	 * @param configured the configured limit, formatted
	 * @return {@code effective} alone without jitter, else such as {@code 1043 (1000 -4.3% jitter)}
	 */
	String describe(String effective, String configured) {
		if (this.percent == 0) {
			return effective;
		}
		return effective + " (" + configured + " " + String.format(Locale.ROOT, "%+.1f%%", (this.factor - 1) * 100)
				+ " jitter)";
	}

}
