package dev.karton.memorywatcher.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.WatcherSnapshot;
import dev.karton.memorywatcher.sample.ActuatorClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.endpoint.memorywatcher.access=unrestricted}, a {@code POST} restarts the
 * sample gracefully: readiness refuses traffic while the tasks in hand finish, liveness stays up,
 * and the process exits with the configured code once none is in flight.
 */
class MemoryWatcherRestartOverHttpTests {

	@Test
	void postRestartsGracefullyWithTheConfiguredExitCodeAfterTheTasksInHandFinish() throws Exception {
		try (RunningSample sample = RunningSample.start("--management.endpoint.memorywatcher.access=unrestricted",
				"--karton.memory-watcher.exit-code=3", "--karton.memory-watcher.proceed-tasks=100000",
				"--sample.consumers=2", "--sample.tasks.interval=0", "--sample.tasks.duration=4s",
				"--sample.leak.per-task=0")) {
			ActuatorClient actuator = sample.actuator();
			// The first tasks start before the web server: wait for fresh ones, so that the drain
			// below lasts most of a task's 4 s.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				Answer figures = actuator.get("/memorywatcher");
				return figures.<Integer>read("$.tasks.processed") >= 2 && figures.<Integer>read("$.tasks.inFlight") > 0;
			});

			Answer restart = actuator.post("/memorywatcher", "{\"reason\":\"new release\"}");
			assertThat(restart.status()).isEqualTo(200);
			assertThat(restart.<Boolean>read("$.requested")).isTrue();
			assertThat(restart.<String>read("$.restart.rule")).isEqualTo("manual");
			assertThat(restart.<String>read("$.restart.reason")).contains("new release");
			assertThat(restart.<Integer>read("$.restart.exitCode")).isEqualTo(3);

			// Each task takes 4 s: the drain is still under way while these answer.
			await().atMost(Duration.ofSeconds(2)).until(() -> actuator.get("/health/readiness").status() == 503);
			assertThat(actuator.get("/health/readiness").<String>read("$.status")).isEqualTo("OUT_OF_SERVICE");
			Answer liveness = actuator.get("/health/liveness");
			assertThat(liveness.status()).isEqualTo(200);
			assertThat(liveness.<String>read("$.status")).isEqualTo("UP");
			Answer health = actuator.get("/health");
			assertThat(health.<String>read("$.components.memoryWatcher.status")).isEqualTo("OUT_OF_SERVICE");
			Answer draining = actuator.get("/memorywatcher");
			assertThat(draining.<String>read("$.state")).isEqualTo("DRAINING");
			assertThat(draining.<Integer>read("$.tasks.inFlight")).isPositive();
			Answer again = actuator.post("/memorywatcher", "");
			assertThat(again.<Boolean>read("$.requested")).as("no body: the reason is optional").isFalse();
			assertThat(again.<String>read("$.restart.reason")).contains("new release");
			assertThat(sample.exited()).as("no exit while tasks are in flight").isNotDone();

			WatcherSnapshot atExit = sample.exited().get(20, TimeUnit.SECONDS);
			assertThat(sample.exitCode()).isEqualTo(3);
			assertThat(atExit.inFlightTasks()).isZero();
			assertThat(atExit.processedTasks()).isPositive();
		}
	}

}
