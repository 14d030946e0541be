package dev.karton.memorywatcher.amqp;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;
import dev.karton.memorywatcher.autoconfigure.WatchedTaskInterceptor;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RabbitMQ auto-configuration; the listener container factories it changes need no broker.
 */
class RabbitTaskAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class, RabbitAutoConfiguration.class,
				RabbitTaskAutoConfiguration.class));

	@Test
	void runWithSpringAmqpPutsTheWatcherFirstInTheAdviceChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RabbitListenerIntake.class);
			Advice[] chain = context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain();
			assertThat(chain).hasSize(1);
			assertThat(chain[0]).isInstanceOf(WatchedTaskInterceptor.class);
		});
	}

	@Test
	void runWithBootRetryKeepsTheRetryAdviceAfterTheWatcher() {
		this.contextRunner.withPropertyValues("spring.rabbitmq.listener.simple.retry.enabled=true").run((context) -> {
			Advice[] chain = context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain();
			assertThat(chain).hasSize(2);
			assertThat(chain[0]).isInstanceOf(WatchedTaskInterceptor.class);
			assertThat(chain[1]).isNotInstanceOf(WatchedTaskInterceptor.class);
		});
	}

	@Test
	void runWithUserFactoryAndAdviceKeepsTheUserAdvice() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			Advice[] chain = context
				.getBean("rabbitListenerContainerFactory", SimpleRabbitListenerContainerFactory.class)
				.getAdviceChain();
			assertThat(chain).hasSize(2);
			assertThat(chain[0]).isInstanceOf(WatchedTaskInterceptor.class);
			assertThat(chain[1]).isSameAs(UserFactoryConfiguration.userAdvice);
		});
	}

	@Test
	void runWhenSwitchedOffLeavesRabbitAlone() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.integrations.amqp.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RabbitListenerIntake.class);
				assertThat(context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain()).isNull();
			});
	}

	@Test
	void runWithoutSpringAmqpBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemoryWatcherAutoConfiguration.class, RabbitTaskAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RabbitListenerEndpointRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RabbitListenerIntake.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		static final MethodInterceptor userAdvice = (invocation) -> invocation.proceed();

		@Bean
		SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(ConnectionFactory connectionFactory) {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			factory.setConnectionFactory(connectionFactory);
			factory.setAdviceChain(userAdvice);
			return factory;
		}

	}

}
