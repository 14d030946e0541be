package dev.karton.memorywatcher.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;
import dev.karton.memorywatcher.testsupport.LedgerExitConfiguration;
import dev.karton.memorywatcher.testsupport.MessageLedger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;


/**
 * A {@code @KafkaListener} application with the starter, against a real (embedded KRaft) broker,
 * recycles itself after 500 records and a second instance of the consumer group takes over: every
 * record is processed once, none is cut short, and the offsets are committed to the end.
 */
class KafkaRestartTests {

	private static final String TOPIC = "orders";

	private static final String GROUP = "order-processors";

	private static final int MESSAGES = 2000;

	private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);

	@BeforeAll
	static void startBroker() {
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		broker.addTopics(new NewTopic(TOPIC, 3, (short) 1));
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	/**
	 * The application also has a record interceptor and a container customizer of its own, which
	 * must keep working beside the watcher's.
	 */
	@Test
	void restartAfter500RecordsLosesNoRecordAndProcessesNoneTwice() throws Exception {
		MessageLedger ledger = MessageLedger.startNew(Duration.ofMillis(1));
		send(MESSAGES);

		ledger.restartAfter500Tasks(MESSAGES, KafkaRestartTests::start, () -> committedOffsets() == MESSAGES);
		assertThat(UserKafkaConfiguration.intercepted).as("records the user's interceptor saw").hasValue(MESSAGES);
		assertThat(UserKafkaConfiguration.customized).as("containers the user's customizer saw").hasValue(2);
	}

	private static void send(int messages) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (int i = 0; i < messages; i++) {
				producer.send(new ProducerRecord<>(TOPIC, String.valueOf(i), String.valueOf(i)));
			}
			producer.flush();
		}
	}

	private static long committedOffsets() throws Exception {
		try (AdminClient admin = AdminClient
			.create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ConsumerApplication.class).web(WebApplicationType.NONE)
			.properties("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"spring.kafka.consumer.auto-offset-reset=earliest", "spring.kafka.consumer.max-poll-records=20",
					"karton.memory-watcher.drain-timeout=30s")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MemoryWatcherAutoConfiguration.class,
			KafkaTaskAutoConfiguration.class })
	@Import({ OrderListener.class, UserKafkaConfiguration.class, LedgerExitConfiguration.class })
	static class ConsumerApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKafkaConfiguration {

		static final AtomicInteger intercepted = new AtomicInteger();

		static final AtomicInteger customized = new AtomicInteger();

		@Bean
		RecordInterceptor<Object, Object> userRecordInterceptor() {
			return (record, consumer) -> {
				intercepted.incrementAndGet();
				return record;
			};
		}

		@Bean
		ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> userCustomizer() {
			return (container) -> customized.incrementAndGet();
		}

	}

	static class OrderListener {

		@KafkaListener(topics = TOPIC, groupId = GROUP, concurrency = "3")
		void process(String order) {
			MessageLedger.current().process(order);
		}

	}

}
