package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskScope;
import dev.karton.memorywatcher.actuate.health.MemoryWatcherHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart takes the application out of service for kubernetes from the start of its drain, in a
 * plain (non-web) application, where Spring Boot would refuse traffic only on close.
 */
class GracefulExitReadinessTests {

	private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				MemoryWatcherAutoConfiguration.class, MemoryWatcherHealthContributorAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> this.exitCode::complete)
		.withPropertyValues("karton.memory-watcher.proceed-tasks=100", "karton.memory-watcher.exit-code=42");

	@Test
	void restartRefusesTrafficWhileInFlightTasksDrainAndKeepsLivenessCorrect() {
		this.contextRunner.run((context) -> {
			ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			MemoryWatcherHealthIndicator health = context.getBean(MemoryWatcherHealthIndicator.class);
			// What SpringApplication publishes once the application is ready.
			AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			TaskScope inFlight = watcher.taskStarted();
			watcher.requestRestart("test");
			await().atMost(Duration.ofSeconds(10))
				.until(availability::getReadinessState, ReadinessState.REFUSING_TRAFFIC::equals);
			assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			Thread.sleep(200);
			assertThat(this.exitCode).as("no exit while a task is in flight").isNotDone();
			inFlight.close();
			assertThat(this.exitCode.get(10, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(context.isActive()).as("context closed before the exit").isFalse();
		});
	}

}
