package dev.karton.memorywatcher.sample;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.actuate.metrics.MemoryWatcherMetrics;
import dev.karton.memorywatcher.sample.ActuatorClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's Actuator over real HTTP on a free port, with the endpoint read-only as it is by
 * default: what {@code curl} shows while the consumer works.
 */
class MemoryWatcherActuatorHttpTests {

	private static RunningSample sample;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("--karton.memory-watcher.proceed-tasks=100000", "--sample.tasks.interval=10ms",
				"--sample.tasks.duration=1ms", "--sample.leak.per-task=16KB");
	}

	@AfterAll
	static void stop() {
		sample.close();
	}

	private static ActuatorClient actuator() {
		return sample.actuator();
	}

	@Test
	void getShowsTheBaselineTheGrowthAndEachRuleMovingAsTasksRun() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> processed(actuator().get("/memorywatcher")) >= 5);
		Answer first = actuator().get("/memorywatcher");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.<String>read("$.state")).isEqualTo("WATCHING");
		assertThat(first.<String>read("$.memory.source")).isEqualTo("rss");
		long baseline = first.<Number>read("$.memory.baselineBytes").longValue();
		long current = first.<Number>read("$.memory.currentBytes").longValue();
		assertThat(baseline).isPositive();
		assertThat(first.<Number>read("$.memory.growthBytes").longValue()).isEqualTo(current - baseline);
		assertThat(first.<String>read("$.memory.baselineTakenAt")).isNotBlank();
		assertThat(first.<String>read("$.tasks.sinceBaseline")).startsWith("PT");
		assertThat(first.<List<String>>read("$.rules[*].name")).containsExactly("proceed-tasks", "elapsed-time",
				"extra-consumed-megabytes");
		assertThat(first.json().read("$.restart", Object.class)).isNull();
		assertThat(first.body()).contains("\"restart\":null");

		long processedBefore = processed(first);
		double progressBefore = proceedTasksProgress(first);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> processed(actuator().get("/memorywatcher")) >= processedBefore + 5);
		Answer later = actuator().get("/memorywatcher");
		assertThat(processed(later)).isGreaterThan(processedBefore);
		assertThat(proceedTasksProgress(later)).isGreaterThan(progressBefore);
		assertThat(later.<Number>read("$.memory.baselineBytes").longValue()).isEqualTo(baseline);
	}

	@Test
	void postIsRefusedWhileTheEndpointIsReadOnly() throws Exception {
		Answer answer = actuator().post("/memorywatcher", "{\"reason\":\"not allowed\"}");
		assertThat(answer.status()).isEqualTo(405);
		assertThat(sample.watcher().isAcceptingTasks()).isTrue();
		assertThat(actuator().get("/memorywatcher").<String>read("$.state")).isEqualTo("WATCHING");
	}

	@Test
	void healthIncludesTheMemoryWatcherWithTheRuleNearestToFiring() throws Exception {
		Answer health = actuator().get("/health");
		assertThat(health.status()).isEqualTo(200);
		Map<String, Object> memoryWatcher = health.read("$.components.memoryWatcher");
		assertThat(memoryWatcher).containsEntry("status", "UP");
		assertThat(health.<String>read("$.components.memoryWatcher.details.state")).isEqualTo("WATCHING");
		assertThat(health.<String>read("$.components.memoryWatcher.details.nearestRule")).isIn("proceed-tasks",
				"elapsed-time", "extra-consumed-megabytes");
		assertThat(health.<Number>read("$.components.memoryWatcher.details.progress").doubleValue())
			.isBetween(0.0, 1.0);
		assertThat(actuator().get("/health/readiness").status()).isEqualTo(200);
		assertThat(actuator().get("/health/liveness").status()).isEqualTo(200);
	}

	@Test
	void metricsAnswerForEveryDocumentedMeter() throws Exception {
		List<String> names = documentedMeterNames();
		assertThat(names).hasSize(9);
		for (String name : names) {
			Answer meter = actuator().get("/metrics/" + name);
			assertThat(meter.status()).as(name).isEqualTo(200);
			assertThat(meter.<String>read("$.name")).isEqualTo(name);
		}
		Answer success = actuator().get("/metrics/" + MemoryWatcherMetrics.TASKS + "?tag=outcome:success");
		assertThat(success.<List<Number>>read("$.measurements[?(@.statistic=='COUNT')].value")).singleElement()
			.satisfies((count) -> assertThat(count.doubleValue()).isPositive());
		Answer progress = actuator().get("/metrics/" + MemoryWatcherMetrics.RULE_PROGRESS + "?tag=rule:proceed-tasks");
		assertThat(progress.status()).isEqualTo(200);
	}

	private static List<String> documentedMeterNames() throws IllegalAccessException {
		List<String> names = new ArrayList<>();
		for (Field field : MemoryWatcherMetrics.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				names.add((String) field.get(null));
			}
		}
		return names;
	}

	private static long processed(Answer answer) {
		return answer.<Number>read("$.tasks.processed").longValue();
	}

	private static double proceedTasksProgress(Answer answer) {
		List<Number> progress = answer.read("$.rules[?(@.name=='proceed-tasks')].progress");
		return progress.get(0).doubleValue();
	}

}
