package dev.karton.memorywatcher.amqp;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;
import dev.karton.memorywatcher.testsupport.LedgerExitConfiguration;
import dev.karton.memorywatcher.testsupport.MessageLedger;
import dev.karton.memorywatcher.testsupport.RabbitBroker;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * A {@code @RabbitListener} application with the starter, against a real RabbitMQ broker,
 * recycles itself after 500 messages and a second instance takes over the queue: every message is
 * processed once, none is cut short, the prefetched ones go back to the queue, and the queue ends
 * empty. Runs with the simple and the direct listener container.
 */
class RabbitRestartTests {

	private static final String QUEUE = "memory-watcher-orders";

	private static final int MESSAGES = 2000;

	private static CachingConnectionFactory connectionFactory;

	@BeforeAll
	static void createConnectionFactory() {
		connectionFactory = new CachingConnectionFactory(RabbitBroker.HOST, RabbitBroker.PORT);
	}

	@BeforeEach
	void requireBroker() {
		RabbitBroker.requireReachable();
	}

	@AfterAll
	static void deleteQueue() {
		if (RabbitBroker.isReachable()) {
			new RabbitAdmin(connectionFactory).deleteQueue(QUEUE);
		}
		connectionFactory.destroy();
	}

	@ParameterizedTest(name = "{0} container")
	@ValueSource(strings = { "simple", "direct" })
	void restartAfter500MessagesLosesNoMessageAndProcessesNoneTwice(String containerType) {
		MessageLedger ledger = MessageLedger.startNew(Duration.ofMillis(1));
		RabbitAdmin admin = declareQueueWith(MESSAGES);
		// Prefetched messages are unacknowledged, not ready, while a consumer holds them, so the queue
		// is checked again once every consumer is gone.
		ledger.restartAfter500Tasks(MESSAGES,
				(properties) -> start(ConsumerApplication.class, containerType, properties),
				() -> readyMessages(admin) == 0);
		assertThat(readyMessages(admin)).as("messages back on the queue once every consumer is gone").isZero();
	}

	/**
	 * A container gives up waiting for its consumers after its own shutdown timeout and interrupts
	 * them; the drain must wait as long as the watcher's drain timeout instead.
	 */
	@ParameterizedTest(name = "{0} container")
	@ValueSource(strings = { "simple", "direct" })
	void restartWaitsForAMessageLongerThanTheContainersShutdownTimeout(String containerType) {
		MessageLedger ledger = MessageLedger.startNew(Duration.ofMillis(1500));
		RabbitAdmin admin = declareQueueWith(6);
		ledger.restartWhileAMessageIsInHand(6,
				() -> start(ImpatientConsumerApplication.class, containerType, "spring.rabbitmq.listener."
						+ containerType + ".prefetch=1"),
				() -> readyMessages(admin) == 0);
	}

	private static RabbitAdmin declareQueueWith(int messages) {
		RabbitAdmin admin = new RabbitAdmin(connectionFactory);
		admin.deleteQueue(QUEUE);
		admin.declareQueue(new Queue(QUEUE, false));
		RabbitTemplate template = new RabbitTemplate(connectionFactory);
		for (int i = 0; i < messages; i++) {
			template.convertAndSend(QUEUE, String.valueOf(i));
		}
		return admin;
	}

	private static long readyMessages(RabbitAdmin admin) {
		Properties queue = admin.getQueueProperties(QUEUE);
		assertThat(queue).as("queue " + QUEUE).isNotNull();
		return (Long) queue.get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
	}

	private static ConfigurableApplicationContext start(Class<?> application, String containerType,
			String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.rabbitmq.host=" + RabbitBroker.HOST, "spring.rabbitmq.port=" + RabbitBroker.PORT,
					"spring.rabbitmq.listener.type=" + containerType, "karton.memory-watcher.drain-timeout=30s")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RabbitAutoConfiguration.class, MemoryWatcherAutoConfiguration.class,
			RabbitTaskAutoConfiguration.class })
	@Import({ OrderListener.class, LedgerExitConfiguration.class })
	static class ConsumerApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ConsumerApplication.class)
	static class ImpatientConsumerApplication {

		@Bean
		ContainerCustomizer<SimpleMessageListenerContainer> impatientSimpleContainer() {
			return (container) -> container.setShutdownTimeout(100);
		}

		@Bean
		ContainerCustomizer<DirectMessageListenerContainer> impatientDirectContainer() {
			return (container) -> container.setShutdownTimeout(100);
		}

	}

	static class OrderListener {

		@RabbitListener(queues = QUEUE, concurrency = "3")
		void process(String order) {
			MessageLedger.current().process(order);
		}

	}

}
