package dev.karton.memorywatcher.actuate.health;

import java.util.Comparator;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartHold;
import dev.karton.memorywatcher.RestartReason;
import dev.karton.memorywatcher.RuleStatus;
import dev.karton.memorywatcher.WatcherSnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator HealthIndicator} of the memory
 * watcher: {@code UP} while it observes or watches, with the rule nearest to firing;
 * {@code OUT_OF_SERVICE} while a restart drains or exits; {@code DOWN} in any state it does not
 * know, so that a new state is never reported healthy by mistake.
 * <p>
 * Called on whatever thread asks for health; the watcher's snapshot is safe from any thread.
 */
public class MemoryWatcherHealthIndicator extends AbstractHealthIndicator {

	private final MemoryWatcher watcher;

	/**
	 * Creates the indicator.
	 * @param watcher the watcher to report on
	 */
	public MemoryWatcherHealthIndicator(MemoryWatcher watcher) {
		super("Memory watcher health check failed");
		this.watcher = watcher;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WatcherSnapshot snapshot = this.watcher.snapshot();
		switch (snapshot.state()) {
			case OBSERVE_ONLY, WATCHING -> builder.up();
			case DRAINING, EXITING -> builder.outOfService();
			// Restarting cannot help (storm guard): a person must look.
			case RESTART_HELD -> builder.down();
			default -> builder.down();
		}
		builder.withDetail("state", snapshot.state()).withDetail("memorySource", snapshot.memorySource());
		snapshot.rules()
			.stream()
			.max(Comparator.comparingDouble(RuleStatus::progress))
			.ifPresent((nearest) -> builder.withDetail("nearestRule", nearest.rule())
				.withDetail("progress", nearest.progress()));
		RestartHold hold = snapshot.restartHold();
		if (hold != null) {
			builder.withDetail("restartHeld", hold.reason()).withDetail("restartHeldSince", hold.since());
			if (hold.until() != null) {
				builder.withDetail("restartHeldUntil", hold.until());
			}
		}
		RestartReason restart = snapshot.restart();
		if (restart != null) {
			builder.withDetail("restartRule", restart.rule()).withDetail("restartReason", restart.message());
		}
	}

}
