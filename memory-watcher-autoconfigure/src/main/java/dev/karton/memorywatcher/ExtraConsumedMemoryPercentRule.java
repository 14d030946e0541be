package dev.karton.memorywatcher;

/**
 * {@code extra-consumed-memory-percent}: restart when memory exceeds the baseline by a percent.
 */
final class ExtraConsumedMemoryPercentRule implements RestartRule {

	private final double percent;

	ExtraConsumedMemoryPercentRule(double percent) {
		if (!(percent > 0) || Double.isInfinite(percent)) {
			throw new IllegalArgumentException("extra-consumed-memory-percent must be positive, was " + percent);
		}
		this.percent = percent;
	}

	@Override
	public String name() {
		return "extra-consumed-memory-percent";
	}

	@Override
	public String limit() {
		return Figures.percent(this.percent);
	}

	@Override
	public boolean isReached(Reading reading) {
		// Compared as growth * 100 >= percent * baseline: exact for whole percents, no division.
		return reading.hasBaseline() && reading.currentBytes() >= 0
				&& reading.growthBytes() * 100.0 >= this.percent * reading.baselineBytes();
	}

	@Override
	public double progress(Reading reading) {
		return Math.max(0, growthPercent(reading)) / this.percent;
	}

	@Override
	public String current(Reading reading) {
		return Figures.percent(growthPercent(reading));
	}

	private static double growthPercent(Reading reading) {
		return (reading.baselineBytes() > 0) ? reading.growthBytes() * 100.0 / reading.baselineBytes() : 0;
	}

	@Override
	public boolean needsMemory() {
		return true;
	}

	@Override
	public boolean measuresGrowth() {
		return true;
	}

}
