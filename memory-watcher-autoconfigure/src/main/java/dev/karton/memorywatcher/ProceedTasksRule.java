package dev.karton.memorywatcher;

/**
 * {@code proceed-tasks}: restart after a number of finished tasks.
 */
final class ProceedTasksRule implements RestartRule {

	private final long tasks;

	private final String limit;

	ProceedTasksRule(long tasks, Jitter jitter) {
		if (tasks < 1) {
			throw new IllegalArgumentException("proceed-tasks must be at least 1, was " + tasks);
		}
		this.tasks = jitter.applyTo(tasks);
		this.limit = jitter.describe(Long.toString(this.tasks), Long.toString(tasks));
	}

	@Override
	public String name() {
		return "proceed-tasks";
	}

	@Override
	public String limit() {
		return this.limit;
	}

	@Override
	public boolean isReached(Reading reading) {
		return reading.finishedTasks() >= this.tasks;
	}

	@Override
	public double progress(Reading reading) {
		return (double) reading.finishedTasks() / this.tasks;
	}

	@Override
	public String current(Reading reading) {
		return Long.toString(reading.finishedTasks());
	}

	@Override
	public long firstTaskCountThatCanFire() {
		return this.tasks;
	}

}
