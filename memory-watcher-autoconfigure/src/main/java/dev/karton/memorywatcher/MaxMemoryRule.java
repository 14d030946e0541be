package dev.karton.memorywatcher;

/**
 * {@code max-memory} and {@code max-memory-percent-of-limit}: restart when the memory figure
 * exceeds an absolute amount, given directly or as a percent of the figure's limit. Needs no
 * baseline, so it fires during the warm-up too.
 */
final class MaxMemoryRule implements RestartRule {

	private final String name;

	private final long bytes;

	private final String limit;

	private MaxMemoryRule(String name, long bytes, String limit) {
		this.name = name;
		this.bytes = bytes;
		this.limit = limit;
	}

	static MaxMemoryRule ofBytes(long bytes) {
		if (bytes < 1) {
			throw new IllegalArgumentException("max-memory must be positive, was " + bytes + " bytes");
		}
		return new MaxMemoryRule("max-memory", bytes, Figures.bytes(bytes));
	}

	static MaxMemoryRule ofPercentOfLimit(double percent, MemoryProbe probe) {
		if (!(percent > 0 && percent <= 100)) {
			throw new IllegalArgumentException("max-memory-percent-of-limit must be above 0 and at most 100, was " + percent);
		}
		long limitBytes = probe.limitBytes();
		if (limitBytes < 0) {
			throw new IllegalArgumentException("max-memory-percent-of-limit needs a limit, and the memory figure "
					+ probe.name() + " has none: " + probe.limitDescription());
		}
		long bytes = Math.max(1, (long) (limitBytes * (percent / 100)));
		return new MaxMemoryRule("max-memory-percent-of-limit", bytes, Figures.bytes(bytes) + " ("
				+ Figures.percent(percent) + " of " + probe.limitDescription() + " " + Figures.bytes(limitBytes) + ")");
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String limit() {
		return this.limit;
	}

	@Override
	public boolean isReached(Reading reading) {
		return reading.currentBytes() >= this.bytes;
	}

	@Override
	public double progress(Reading reading) {
		return Math.max(0, (double) reading.currentBytes()) / this.bytes;
	}

	@Override
	public String current(Reading reading) {
		return (reading.currentBytes() >= 0) ? Figures.bytes(reading.currentBytes()) : "not measured";
	}

	@Override
	public boolean needsMemory() {
		return true;
	}

}
