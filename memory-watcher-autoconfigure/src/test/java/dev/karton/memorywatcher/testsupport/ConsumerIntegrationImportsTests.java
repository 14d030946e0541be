package dev.karton.memorywatcher.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.amqp.RabbitTaskAutoConfiguration;
import dev.karton.memorywatcher.jms.JmsTaskAutoConfiguration;
import dev.karton.memorywatcher.kafka.KafkaTaskAutoConfiguration;
import dev.karton.memorywatcher.task.TaskExecutionTaskAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding the starter is enough: Boot finds every consumer integration on its own.
 */
class ConsumerIntegrationImportsTests {

	@Test
	void everyConsumerIntegrationIsListedForBootToFind() {
		List<String> candidates = new ArrayList<>();
		ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);
		assertThat(candidates).contains(KafkaTaskAutoConfiguration.class.getName(),
				JmsTaskAutoConfiguration.class.getName(), RabbitTaskAutoConfiguration.class.getName(),
				TaskExecutionTaskAutoConfiguration.class.getName());
	}

}
