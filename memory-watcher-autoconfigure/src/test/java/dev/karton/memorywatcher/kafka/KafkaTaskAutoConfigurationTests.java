package dev.karton.memorywatcher.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTaskAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MemoryWatcherAutoConfiguration.class, KafkaAutoConfiguration.class,
					KafkaTaskAutoConfiguration.class));

	@Test
	void runWithSpringKafkaMakesEachRecordATask() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaListenerIntake.class);
			RecordInterceptor<Object, Object> interceptor = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getRecordInterceptor();
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
			Consumer<Object, Object> consumer = new MockConsumer<>("earliest");
			assertThat(interceptor.intercept(record, consumer)).isSameAs(record);
			assertThat(watcher.snapshot().inFlightTasks()).isOne();
			interceptor.success(record, consumer);
			interceptor.afterRecord(record, consumer);
			assertThat(watcher.snapshot().inFlightTasks()).isZero();
			assertThat(watcher.snapshot().processedTasks()).isOne();
		});
	}

	@Test
	void runWithBatchListenerMakesEachBatchATask() {
		this.contextRunner.run((context) -> {
			BatchInterceptor<Object, Object> interceptor = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getBatchInterceptor();
			TopicPartition partition = new TopicPartition("orders", 0);
			ConsumerRecords<Object, Object> batch = new ConsumerRecords<>(
					Map.of(partition, List.of(new ConsumerRecord<>("orders", 0, 0, "key-0", "value-0"),
							new ConsumerRecord<>("orders", 0, 1, "key-1", "value-1"))),
					Map.of());
			Consumer<Object, Object> consumer = new MockConsumer<>("earliest");
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			assertThat(interceptor.intercept(batch, consumer)).isSameAs(batch);
			assertThat(watcher.snapshot().inFlightTasks()).isOne();
			interceptor.success(batch, consumer);
			assertThat(watcher.snapshot().inFlightTasks()).isZero();
			assertThat(watcher.snapshot().processedTasks()).isOne();
		});
	}

	@Test
	void runWithAFailingRecordCountsAFailedTask() {
		this.contextRunner.run((context) -> {
			RecordInterceptor<Object, Object> interceptor = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getRecordInterceptor();
			ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
			Consumer<Object, Object> consumer = new MockConsumer<>("earliest");
			interceptor.intercept(record, consumer);
			interceptor.failure(record, new IllegalStateException("listener failed"), consumer);
			interceptor.afterRecord(record, consumer);
			assertThat(context.getBean(MemoryWatcher.class).snapshot().failedTasks()).isOne();
			assertThat(context.getBean(MemoryWatcher.class).snapshot().processedTasks()).isOne();
		});
	}

	@Test
	void runWithUserInterceptorAndCustomizerKeepsBoth() {
		this.contextRunner.withUserConfiguration(UserKafkaConfiguration.class).run((context) -> {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer("orders");
			UserKafkaConfiguration user = context.getBean(UserKafkaConfiguration.class);
			assertThat(user.customized).containsExactly(container);
			RecordInterceptor<Object, Object> interceptor = container.getRecordInterceptor();
			ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
			interceptor.intercept(record, new MockConsumer<>("earliest"));
			assertThat(user.intercepted).containsExactly(record);
			assertThat(context.getBean(MemoryWatcher.class).snapshot().inFlightTasks()).isOne();
		});
	}

	@Test
	void runWhenUserInterceptorSkipsARecordDoesNotCountIt() {
		this.contextRunner.withUserConfiguration(SkippingInterceptorConfiguration.class).run((context) -> {
			RecordInterceptor<Object, Object> interceptor = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getRecordInterceptor();
			ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
			Consumer<Object, Object> consumer = new MockConsumer<>("earliest");
			assertThat(interceptor.intercept(record, consumer)).isNull();
			interceptor.afterRecord(record, consumer);
			assertThat(context.getBean(MemoryWatcher.class).snapshot().processedTasks()).isZero();
			assertThat(context.getBean(MemoryWatcher.class).snapshot().inFlightTasks()).isZero();
		});
	}

	@Test
	void runWhenSwitchedOffLeavesKafkaAlone() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.integrations.kafka.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(KafkaListenerIntake.class);
				assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor())
					.isNull();
			});
	}

	@Test
	void runWhenWatcherDisabledLeavesKafkaAlone() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaListenerIntake.class));
	}

	@Test
	void runWithoutSpringKafkaBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemoryWatcherAutoConfiguration.class, KafkaTaskAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(KafkaListenerEndpointRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(KafkaListenerIntake.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserKafkaConfiguration {

		final List<Object> intercepted = new ArrayList<>();

		final List<Object> customized = new ArrayList<>();

		@Bean
		RecordInterceptor<Object, Object> userRecordInterceptor() {
			return (record, consumer) -> {
				this.intercepted.add(record);
				return record;
			};
		}

		@Bean
		ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> userCustomizer() {
			return this.customized::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SkippingInterceptorConfiguration {

		@Bean
		RecordInterceptor<Object, Object> skippingRecordInterceptor() {
			return (record, consumer) -> null;
		}

	}

}
