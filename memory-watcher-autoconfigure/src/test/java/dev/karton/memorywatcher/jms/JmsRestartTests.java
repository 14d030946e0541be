package dev.karton.memorywatcher.jms;

import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;
import dev.karton.memorywatcher.testsupport.ArtemisBroker;
import dev.karton.memorywatcher.testsupport.LedgerExitConfiguration;
import dev.karton.memorywatcher.testsupport.MessageLedger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;


/**
 * A {@code @JmsListener} application with the starter, against a real (embedded, in-VM) ActiveMQ
 * Artemis broker that outlives it, recycles itself after 500 messages and a second instance takes
 * over the queue: every message is processed once, none is cut short, and the queue ends empty
 * with nothing unacknowledged.
 */
class JmsRestartTests {

	private static final String QUEUE = "orders";

	private static final int MESSAGES = 2000;

	private static final String BROKER_URL = "vm://0";

	private static EmbeddedActiveMQ broker;

	@BeforeAll
	static void startBroker() throws Exception {
		broker = ArtemisBroker.start(BROKER_URL);
	}

	@AfterAll
	static void stopBroker() throws Exception {
		broker.stop();
	}

	/**
	 * Boot's default session is transacted; an auto-acknowledged one acknowledges each message as
	 * its receive call returns, so a message received while stopping must still be processed.
	 */
	@ParameterizedTest(name = "transacted session: {0}")
	@ValueSource(booleans = { true, false })
	void restartAfter500MessagesLosesNoMessageAndProcessesNoneTwice(boolean transacted) throws Exception {
		MessageLedger ledger = MessageLedger.startNew(Duration.ofMillis(1));
		send(MESSAGES);

		ledger.restartAfter500Tasks(MESSAGES,
				(properties) -> start(properties, "spring.jms.listener.session.transacted=" + transacted),
				() -> queue().getMessageCount() == 0 && queue().getDeliveringCount() == 0);
	}

	private static Queue queue() {
		return broker.getActiveMQServer().locateQueue(SimpleString.of(QUEUE));
	}

	private static void send(int messages) throws JMSException {
		try (ActiveMQConnectionFactory connectionFactory = new ActiveMQConnectionFactory(BROKER_URL);
				Connection connection = connectionFactory.createConnection();
				Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
				MessageProducer producer = session.createProducer(session.createQueue(QUEUE))) {
			for (int i = 0; i < messages; i++) {
				TextMessage message = session.createTextMessage(String.valueOf(i));
				producer.send(message);
			}
			session.commit();
		}
	}

	private static ConfigurableApplicationContext start(String[] properties, String sessionProperty) {
		return new SpringApplicationBuilder(ConsumerApplication.class).web(WebApplicationType.NONE)
			.properties("spring.artemis.mode=native", "spring.artemis.broker-url=" + BROKER_URL,
					"spring.jms.listener.receive-timeout=100ms", "karton.memory-watcher.drain-timeout=30s",
					sessionProperty)
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ArtemisAutoConfiguration.class, JmsAutoConfiguration.class,
			MemoryWatcherAutoConfiguration.class, JmsTaskAutoConfiguration.class })
	@Import({ OrderListener.class, LedgerExitConfiguration.class })
	static class ConsumerApplication {

	}

	static class OrderListener {

		@JmsListener(destination = QUEUE, concurrency = "3")
		void process(String order) {
			MessageLedger.current().process(order);
		}

	}

}
