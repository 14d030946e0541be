package dev.karton.memorywatcher.jms;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;
import dev.karton.memorywatcher.testsupport.ArtemisBroker;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JmsTaskAutoConfigurationTests {

	private static final String BROKER_URL = "vm://1";

	private static EmbeddedActiveMQ broker;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class, JmsTaskAutoConfiguration.class));

	@BeforeAll
	static void startBroker() throws Exception {
		broker = ArtemisBroker.start(BROKER_URL);
	}

	@AfterAll
	static void stopBroker() throws Exception {
		broker.stop();
	}

	@Test
	void runWithSpringJmsStopsTheContainersOnRestart() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JmsListenerIntake.class);
			assertThat(context).hasSingleBean(JmsListenerTaskInstaller.class);
		});
	}

	@Test
	void runWithUserContainerKeepsItsListenerAndCountsEachMessage() {
		this.contextRunner.withUserConfiguration(UserContainerConfiguration.class).run((context) -> {
			DefaultMessageListenerContainer container = context.getBean(DefaultMessageListenerContainer.class);
			assertThat(container.getMessageListener()).isInstanceOf(WatchedMessageListener.class);
			new JmsTemplate(context.getBean(ConnectionFactory.class)).convertAndSend("invoices", "invoice-1");
			UserContainerConfiguration user = context.getBean(UserContainerConfiguration.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> user.received.size() == 1);
			assertThat(user.received).containsExactly("invoice-1");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> context.getBean(MemoryWatcher.class).snapshot().processedTasks() == 1);
		});
	}

	@Test
	void runWhenSwitchedOffLeavesJmsAlone() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.integrations.jms.enabled=false")
			.withUserConfiguration(UserContainerConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JmsListenerIntake.class);
				assertThat(context).doesNotHaveBean(JmsListenerTaskInstaller.class);
				assertThat(context.getBean(DefaultMessageListenerContainer.class).getMessageListener())
					.isNotInstanceOf(WatchedMessageListener.class);
			});
	}

	@Test
	void runWithoutSpringJmsBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JmsListenerEndpointRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(JmsListenerIntake.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerConfiguration {

		final List<String> received = new CopyOnWriteArrayList<>();

		@Bean
		ConnectionFactory connectionFactory() {
			return new ActiveMQConnectionFactory(BROKER_URL);
		}

		@Bean
		DefaultMessageListenerContainer invoiceContainer(ConnectionFactory connectionFactory) {
			DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
			container.setConnectionFactory(connectionFactory);
			container.setDestinationName("invoices");
			container.setReceiveTimeout(100);
			container.setMessageListener((MessageListener) (message) -> {
				try {
					this.received.add(((TextMessage) message).getText());
				}
				catch (JMSException ex) {
					throw new IllegalStateException(ex);
				}
			});
			return container;
		}

	}

}
