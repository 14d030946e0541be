package dev.karton.memorywatcher.actuate.endpoint;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.karton.memorywatcher.FakeProbe;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.RestartRule;
import dev.karton.memorywatcher.WatcherClock;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of {@link MemoryWatcherEndpoint}, written by the mapper Actuator configures for
 * endpoints.
 */
class MemoryWatcherEndpointJsonTests {

	private static final String ISO_INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class));

	private final MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.proceedTasks(10)),
			new FakeProbe(1000), WatcherClock.SYSTEM, (watcher, reason) -> {
			});

	private final MemoryWatcherEndpoint endpoint = new MemoryWatcherEndpoint(this.watcher, 75);

	@Test
	void jsonBeforeTheFirstTaskKeepsEveryKeyWithNullForWhatIsNotKnown() {
		read((json) -> {
			assertThat(json.get("restart").isNull()).isTrue();
			assertThat(json.at("/memory/baselineBytes").isNull()).isTrue();
			assertThat(json.at("/memory/baselineTakenAt").isNull()).isTrue();
			assertThat(json.at("/memory/growthBytes").isNull()).isTrue();
			assertThat(json.at("/memory/growthPercent").isNull()).isTrue();
			assertThat(json.at("/tasks/sinceBaseline").isNull()).isTrue();
			assertThat(json.at("/memory/currentBytes").asLong()).isEqualTo(1000);
			assertThat(json.at("/rules/0/name").asString()).isEqualTo("proceed-tasks");
		});
	}

	@Test
	void jsonWritesMomentsAndDurationsAsIsoText() {
		this.watcher.run(() -> {
		});
		this.endpoint.restart("new release");
		read((json) -> {
			assertThat(json.get("state").asString()).isEqualTo("DRAINING");
			assertThat(json.at("/memory/baselineTakenAt").asString()).matches(ISO_INSTANT);
			assertThat(json.at("/tasks/sinceBaseline").asString()).startsWith("PT");
			assertThat(json.at("/restart/requestedAt").asString()).matches(ISO_INSTANT);
			assertThat(json.at("/restart/rule").asString()).isEqualTo("manual");
			assertThat(json.at("/restart/exitCode").asInt()).isEqualTo(75);
		});
	}

	private void read(Consumer<JsonNode> assertions) {
		this.contextRunner.run((context) -> {
			JsonMapper mapper = context.getBean(EndpointJsonMapper.class).get();
			assertions.accept(mapper.readTree(mapper.writeValueAsString(this.endpoint.memoryWatcher())));
		});
	}

}
