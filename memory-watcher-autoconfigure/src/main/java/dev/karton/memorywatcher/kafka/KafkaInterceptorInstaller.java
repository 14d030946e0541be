package dev.karton.memorywatcher.kafka;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Adds a {@link WatchedKafkaInterceptor} to every Kafka listener container factory and every
 * listener container declared as a bean, composed after the interceptor already set there.
 * <p>
 * Why a post-processor and not a bean: Boot applies a {@link RecordInterceptor} or
 * {@link BatchInterceptor} bean only when it is the only one, so a second bean would silently
 * switch off the user's. Runs on the thread that refreshes the context.
 */
final class KafkaInterceptorInstaller implements BeanPostProcessor {

	private final SingletonSupplier<MemoryWatcher> watcher;

	/**
	 * What this installer set, so that a container bean built by a factory it already handled
	 * does not count each record twice.
	 */
	private final Set<Object> installed = Collections
		.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	KafkaInterceptorInstaller(ObjectProvider<MemoryWatcher> watcher) {
		this.watcher = SingletonSupplier.of(watcher::getObject);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			install(factory);
		}
		else if (bean instanceof AbstractMessageListenerContainer<?, ?> container) {
			install(container);
		}
		return bean;
	}

	private <K, V> void install(AbstractKafkaListenerContainerFactory<?, K, V> factory) {
		WatchedKafkaInterceptor<K, V> interceptor = new WatchedKafkaInterceptor<>(this.watcher.obtain());
		factory.setRecordInterceptor(compose(factory.getRecordInterceptor(), interceptor));
		factory.setBatchInterceptor(compose(factory.getBatchInterceptor(), interceptor));
	}

	private <K, V> void install(AbstractMessageListenerContainer<K, V> container) {
		if (this.installed.contains(container.getRecordInterceptor())
				|| this.installed.contains(container.getBatchInterceptor())) {
			return;
		}
		WatchedKafkaInterceptor<K, V> interceptor = new WatchedKafkaInterceptor<>(this.watcher.obtain());
		container.setRecordInterceptor(compose(container.getRecordInterceptor(), interceptor));
		container.setBatchInterceptor(compose(container.getBatchInterceptor(), interceptor));
	}

	@SuppressWarnings("unchecked")
	private <K, V> RecordInterceptor<K, V> compose(@Nullable RecordInterceptor<K, V> existing,
			WatchedKafkaInterceptor<K, V> interceptor) {
		RecordInterceptor<K, V> composed = (existing != null) ? new CompositeRecordInterceptor<>(existing, interceptor)
				: interceptor;
		this.installed.add(composed);
		return composed;
	}

	@SuppressWarnings("unchecked")
	private <K, V> BatchInterceptor<K, V> compose(@Nullable BatchInterceptor<K, V> existing,
			WatchedKafkaInterceptor<K, V> interceptor) {
		BatchInterceptor<K, V> composed = (existing != null) ? new CompositeBatchInterceptor<>(existing, interceptor)
				: interceptor;
		this.installed.add(composed);
		return composed;
	}

}
