package dev.karton.memorywatcher;

/**
 * {@code extra-consumed-megabytes}: restart when memory exceeds the baseline by an amount.
 */
final class ExtraConsumedBytesRule implements RestartRule {

	private final long bytes;

	ExtraConsumedBytesRule(long bytes) {
		if (bytes < 1) {
			throw new IllegalArgumentException("extra-consumed-megabytes must be positive, was " + bytes + " bytes");
		}
		this.bytes = bytes;
	}

	@Override
	public String name() {
		return "extra-consumed-megabytes";
	}

	@Override
	public String limit() {
		return Figures.bytes(this.bytes);
	}

	@Override
	public boolean isReached(Reading reading) {
		return reading.hasBaseline() && reading.currentBytes() >= 0 && reading.growthBytes() >= this.bytes;
	}

	@Override
	public double progress(Reading reading) {
		return Math.max(0, (double) reading.growthBytes()) / this.bytes;
	}

	@Override
	public String current(Reading reading) {
		return Figures.bytes(reading.growthBytes());
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
