package dev.karton.memorywatcher.autoconfigure;

import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code memorywatcher} endpoint over JMX, where JMX is on and the endpoint is exposed there.
 */
class MemoryWatcherEndpointJmxTests {

	private static final String OBJECT_NAME = "org.springframework.boot:type=Endpoint,name=Memorywatcher";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
				JacksonEndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class,
				MemoryWatcherAutoConfiguration.class, MemoryWatcherEndpointAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> (exitCode) -> {
		})
		.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=memorywatcher",
				"karton.memory-watcher.proceed-tasks=10");

	@Test
	void readOperationAnswersOverJmx() {
		this.contextRunner.run((context) -> {
			MBeanServer server = context.getBean(MBeanServer.class);
			Object answer = server.invoke(new ObjectName(OBJECT_NAME), "memoryWatcher", new Object[0], new String[0]);
			assertThat(answer).isInstanceOf(Map.class);
			Map<?, ?> figures = (Map<?, ?>) answer;
			assertThat(figures.get("state")).isEqualTo("WATCHING");
			assertThat(figures.get("rules")).asString().contains("proceed-tasks");
		});
	}

	@Test
	void writeOperationIsNotOfferedOverJmxWhileAccessIsReadOnly() {
		this.contextRunner.run((context) -> {
			MBeanServer server = context.getBean(MBeanServer.class);
			assertThat(server.getMBeanInfo(new ObjectName(OBJECT_NAME)).getOperations())
				.extracting((operation) -> operation.getName())
				.containsExactly("memoryWatcher");
		});
	}

}
